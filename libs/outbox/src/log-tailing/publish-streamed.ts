import { backoffDelayMs } from '@ftgo/platform/standalone';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClientBase } from 'pg';
import { relayMetrics } from '../observability/relay-metrics';
import { publishRows } from '../publisher/publish-rows';
import { type RelayContext, retryPolicyOf } from '../relay/relay-context';
import { interruptibleSleep } from '../relay/interruptible-sleep';
import { markHeld, recordRejections } from '../schema/outbox-store';
import { aggregateOf, bySequence, type OutboxRow } from '../schema/outbox-table';

/**
 * Publishes rows from the log until each is acknowledged by Kafka or marked failed; only then may
 * the slot move past them. The log is one ordered stream, so a message Kafka refuses is retried
 * here with backoff (its aggregate's later rows wait with it). A row whose aggregate has a failed
 * row is not published: it is marked failed too ("held back"), so that a requeue keeps the order.
 * Kafka outages propagate: the caller waits and publishes the batch again.
 *
 * Writing to a streamed row needs that row to be visible first: logical decoding can deliver a
 * commit before other sessions see it, and an UPDATE would then silently miss the row.
 */
export class StreamedRowPublisher {
  /** Aggregates with a failed row: their later rows are held back until it is requeued. */
  private blocked = new Set<string>();

  constructor(
    private readonly client: ClientBase,
    private readonly context: RelayContext,
  ) {}

  async load(): Promise<void> {
    const { rows } = await this.client.query<{ aggregate: string }>(
      `SELECT DISTINCT aggregate_type || '/' || aggregate_id AS aggregate FROM outbox_message WHERE status = 'failed'`,
    );
    this.blocked = new Set(rows.map((row) => row.aggregate));
  }

  async publish(rows: OutboxRow[]): Promise<void> {
    const policy = retryPolicyOf(this.context.config);
    let remaining = await this.holdBehindFailures(rows);
    // Tried once even while stopping: a stop sends the rest of a transaction a batch split.
    while (remaining.length > 0) {
      const outcome = await publishRows(this.context.publisher, remaining);
      relayMetrics.published.inc({ mode: 'log-tailing' }, outcome.published.length);
      if (outcome.rejected.length === 0) return;
      relayMetrics.publishFailures.inc({ kind: 'rejected' }, outcome.rejected.length);
      await this.awaitVisible(outcome.rejected.map(({ row }) => row));
      const failed = await recordRejections(this.client, outcome.rejected, policy);
      this.context.logger.warn('kafka refused messages', { rejected: outcome.rejected.length, failed });
      const retry = outcome.rejected.map(({ row }) => row).filter((row) => row.attempts < policy.maxAttempts);
      outcome.rejected.filter(({ row }) => row.attempts >= policy.maxAttempts).forEach(({ row }) => this.blocked.add(aggregateOf(row)));
      remaining = await this.holdBehindFailures([...retry, ...outcome.held].sort(bySequence));
      if (retry.length > 0) {
        const attempt = Math.min(...retry.map((row) => row.attempts));
        await interruptibleSleep(backoffDelayMs(attempt, { initialDelayMs: policy.baseMs, maxDelayMs: policy.maxMs, jitter: 'equal' }), this.context.wake);
      }
      if (this.context.isStopping()) break;
    }
    if (remaining.length > 0) throw new Error('relay stopping: batch left unconfirmed, the slot will resend it');
  }

  /** Marks the rows of blocked aggregates failed, unless their failed row was requeued meanwhile; returns the others. */
  private async holdBehindFailures(rows: OutboxRow[]): Promise<OutboxRow[]> {
    if (this.blocked.size === 0) return rows;
    const suspects = rows.filter((row) => this.blocked.has(aggregateOf(row)));
    if (suspects.length === 0) return rows;
    await this.awaitVisible(suspects);
    const { rows: stillBlocked } = await this.client.query<{ id: string }>(
      `SELECT r.id FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[]) AS r(id, aggregate_type, aggregate_id, sequence)
       WHERE EXISTS (SELECT 1 FROM outbox_message f WHERE f.status = 'failed' AND f.aggregate_type = r.aggregate_type
                     AND f.aggregate_id = r.aggregate_id AND f.sequence < r.sequence)`,
      [suspects.map((row) => row.id), suspects.map((row) => row.aggregateType), suspects.map((row) => row.aggregateId), suspects.map((row) => row.sequence)],
    );
    const held = new Set(stillBlocked.map((row) => row.id));
    const heldRows = suspects.filter((row) => held.has(row.id));
    await markHeld(this.client, heldRows);
    // A suspect not held: its aggregate's failed rows were requeued (they come again from the log).
    suspects.filter((row) => !held.has(row.id)).forEach((row) => this.blocked.delete(aggregateOf(row)));
    return rows.filter((row) => !held.has(row.id));
  }

  private async awaitVisible(rows: OutboxRow[]): Promise<void> {
    const txids = [...new Set(rows.map((row) => row.txid))];
    for (let waited = 0; ; waited += 5) {
      const { rows: result } = await this.client.query<{ visible: boolean }>(
        `SELECT bool_and(pg_visible_in_snapshot(x, pg_current_snapshot())) AS visible FROM unnest($1::xid8[]) x`,
        [txids],
      );
      if (result[0].visible) return;
      if (waited > 30_000) throw new Error(`transactions ${txids.join(', ')} still invisible 30 s after their commit was decoded`);
      await sleep(5);
    }
  }
}
