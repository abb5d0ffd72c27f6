import { backoffDelayMs } from '@ftgo/platform';
import type { Client } from 'pg';
import { relayMetrics } from '../observability/relay-metrics';
import { publishRows } from '../publisher/publish-rows';
import { markSent, recordRejections } from '../schema/outbox-store';
import type { OutboxRow } from '../schema/outbox-table';
import { type RelayContext, retryPolicyOf } from '../relay/relay-context';
import { interruptibleSleep } from '../relay/interruptible-sleep';
import { bySequence } from './streamed-row';

/**
 * Publishes rows from the log until each is either acknowledged by Kafka or marked failed.
 * The log is one ordered stream, so a message Kafka refuses is retried here with backoff
 * (holding back its own aggregate's later rows) before the slot may move past it.
 * Kafka outages propagate: the caller waits and retries the whole batch.
 */
export async function publishStreamed(client: Client, rows: OutboxRow[], context: RelayContext): Promise<void> {
  const policy = retryPolicyOf(context.config);
  let remaining = rows;
  while (remaining.length > 0 && !context.isStopping()) {
    const outcome = await publishRows(context.publisher, remaining);
    await markSent(client, outcome.published);
    relayMetrics.published.inc({ mode: 'log-tailing' }, outcome.published.length);
    if (outcome.rejected.length === 0) return;
    relayMetrics.publishFailures.inc({ kind: 'rejected' }, outcome.rejected.length);
    const failed = await recordRejections(client, outcome.rejected, policy);
    context.logger.warn('kafka refused messages', { rejected: outcome.rejected.length, failed });
    const retry = outcome.rejected.map(({ row }) => row).filter((row) => row.attempts < policy.maxAttempts);
    remaining = [...retry, ...outcome.held].sort(bySequence);
    if (retry.length > 0) {
      const attempt = Math.min(...retry.map((row) => row.attempts));
      await interruptibleSleep(backoffDelayMs(attempt, { initialDelayMs: policy.baseMs, maxDelayMs: policy.maxMs, jitter: 'equal' }), context.wake);
    }
  }
  if (remaining.length > 0) throw new Error('relay stopping: batch left unconfirmed, the slot will resend it');
}
