import { backoffDelayMs } from '@ftgo/platform';
import type { Client } from 'pg';
import { relayMetrics } from '../observability/relay-metrics';
import { publishRows } from '../publisher/publish-rows';
import { claimBatch, markSent, recordRejections } from '../schema/outbox-store';
import { PublishWatermark } from './publish-watermark';
import { type RelayContext, retryPolicyOf } from '../relay/relay-context';
import { interruptibleSleep } from '../relay/interruptible-sleep';

/**
 * One claim → publish → mark cycle in one transaction. If Kafka is unreachable the transaction
 * rolls back: the rows stay pending, nothing is lost, and the relay tries again after a backoff.
 * A crash after Kafka acknowledged but before COMMIT republishes that one batch (at-least-once);
 * consumers drop the duplicates by message id.
 */
export async function pollOnce(client: Client, context: RelayContext, watermark: PublishWatermark): Promise<number> {
  const stopTimer = relayMetrics.batchDuration.startTimer();
  await client.query('BEGIN');
  try {
    const rows = await claimBatch(client, context.config.OUTBOX_BATCH_SIZE, await watermark.advance(client));
    if (rows.length === 0) {
      await client.query('COMMIT');
      return 0;
    }
    const outcome = await publishRows(context.publisher, rows);
    await markSent(client, outcome.published);
    const failed = await recordRejections(client, outcome.rejected, retryPolicyOf(context.config));
    await client.query('COMMIT');
    relayMetrics.published.inc({ mode: 'polling' }, outcome.published.length);
    relayMetrics.publishFailures.inc({ kind: 'rejected' }, outcome.rejected.length);
    if (outcome.rejected.length > 0) context.logger.warn('kafka refused messages', { rejected: outcome.rejected.length, failed });
    stopTimer();
    return rows.length;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Adaptive polling: a full batch means more is waiting, so poll again at once; an empty one
 * doubles the wait up to a maximum. A NOTIFY from the outbox trigger ends any wait early, so
 * latency is not bound by the poll interval. Returns when the relay stops; throws when the
 * database connection fails (the caller reconnects and competes for leadership again).
 */
export async function runPolling(client: Client, context: RelayContext): Promise<void> {
  const { config } = context;
  await client.query('LISTEN outbox_message');
  client.on('notification', () => context.wake.wake());
  const watermark = new PublishWatermark();
  let idleMs = config.OUTBOX_POLL_INTERVAL_MS;
  let outages = 0;
  while (!context.isStopping()) {
    let claimed: number;
    try {
      claimed = await pollOnce(client, context, watermark);
      outages = 0;
    } catch (error) {
      if (!isKafkaOutage(error)) throw error;
      relayMetrics.publishFailures.inc({ kind: 'outage' });
      const waitMs = backoffDelayMs(++outages, { initialDelayMs: config.OUTBOX_RETRY_BASE_MS, maxDelayMs: config.OUTBOX_RETRY_MAX_MS, jitter: 'equal' });
      context.logger.warn('kafka unavailable, batch kept for later', { error: String(error), retryInMs: waitMs });
      await interruptibleSleep(waitMs, context.wake);
      continue;
    }
    if (claimed > 0 || watermark.isAdvancing) {
      idleMs = config.OUTBOX_POLL_INTERVAL_MS;
      if (claimed < config.OUTBOX_BATCH_SIZE) await interruptibleSleep(idleMs, context.wake);
      continue;
    }
    await interruptibleSleep(idleMs, context.wake);
    idleMs = Math.min(idleMs * 2, config.OUTBOX_POLL_MAX_INTERVAL_MS);
  }
}

/** Errors from kafkajs are outages to wait out; anything else (SQL, connection) ends the session. */
function isKafkaOutage(error: unknown): boolean {
  return error instanceof Error && error.name.startsWith('KafkaJS');
}
