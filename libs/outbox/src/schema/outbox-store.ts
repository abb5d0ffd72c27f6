import { backoffDelayMs } from '@ftgo/platform';
import type { ClientBase } from 'pg';
import type { PublishOutcome } from '../publisher/publish-rows';
import type { OutboxRow } from './outbox-table';

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

const COLUMNS = `id, sequence::text AS sequence, topic, aggregate_id AS "aggregateId", headers, payload, attempts`;

/**
 * The polling relay's claim, in the caller's transaction:
 * - `sequence <= watermark`: only rows below which nothing can still appear (publish-watermark.ts):
 *   a transaction still in flight may hold a lower sequence than rows already committed, and
 *   must not be overtaken by them (docs/patterns/transactional-outbox.md, "Ordering").
 * - due, and no earlier row of the same aggregate is waiting for a retry: a poison message holds
 *   back its own aggregate only.
 * - `FOR UPDATE SKIP LOCKED`: rows stay locked until commit, so even a second relay that got
 *   past the leader lock could not publish them twice in parallel.
 */
export async function claimBatch(client: ClientBase, batchSize: number, watermark: string): Promise<OutboxRow[]> {
  const { rows } = await client.query<OutboxRow>(
    `SELECT ${COLUMNS} FROM outbox_message m
     WHERE m.status = 'pending'
       AND m.sequence <= $2
       AND m.next_attempt_at <= now()
       AND NOT EXISTS (
         SELECT 1 FROM outbox_message earlier
         WHERE earlier.status = 'pending' AND earlier.next_attempt_at > now()
           AND earlier.aggregate_type = m.aggregate_type AND earlier.aggregate_id = m.aggregate_id
           AND earlier.sequence < m.sequence)
     ORDER BY m.sequence
     LIMIT $1
     FOR UPDATE SKIP LOCKED`,
    [batchSize, watermark],
  );
  return rows;
}

export async function markSent(client: ClientBase, rows: OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query(`UPDATE outbox_message SET status = 'sent', sent_at = now() WHERE id = ANY($1::uuid[])`, [
    rows.map((row) => row.id),
  ]);
}

/** One more attempt for each refused row: a later retry with backoff, or `failed` when out of attempts. */
export async function recordRejections(
  client: ClientBase,
  rejected: PublishOutcome['rejected'],
  policy: RetryPolicy,
): Promise<number> {
  let failed = 0;
  for (const { row, error } of rejected) {
    const attempts = row.attempts + 1;
    const giveUp = attempts >= policy.maxAttempts;
    failed += giveUp ? 1 : 0;
    await client.query(
      `UPDATE outbox_message
       SET attempts = $2, last_error = $3, status = $4, next_attempt_at = now() + make_interval(secs => $5::float8 / 1000)
       WHERE id = $1`,
      [row.id, attempts, error, giveUp ? 'failed' : 'pending', giveUp ? 0 : backoffDelayMs(attempts, { initialDelayMs: policy.baseMs, maxDelayMs: policy.maxMs, jitter: 'equal' })],
    );
    row.attempts = attempts;
  }
  return failed;
}
