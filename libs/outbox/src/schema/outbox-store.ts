import { backoffDelayMs } from '@ftgo/platform/standalone';
import type { ClientBase } from 'pg';
import type { PublishOutcome } from '../publisher/publish-rows';
import { bySequence, type OutboxRow } from './outbox-table';

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

/** What the watermark (polling/publish-watermark.ts) hands to a claim and learns from it. */
export interface WatermarkQuery {
  /** The highest sequence already known to be final. */
  safe: string;
  /** A higher candidate, final once every transaction with an xid below `below` has ended. */
  pending?: { last: string; below: string };
  /** The sequence's last value, read just before the claim took its own xid. */
  lastSeen?: string;
}

/** A claim's transaction, just opened: the sequence's last value, then the claim's own xid. */
export interface ClaimStart {
  lastSequence: string;
  xid: string;
}

/**
 * Reads the sequence's last value, then opens the claim's transaction and takes its xid, in one
 * round trip. A transaction takes its xid before it draws a sequence value (see the table), so
 * every row numbered up to that value belongs to a transaction with a lower xid than the claim's.
 */
export async function beginClaim(client: ClientBase): Promise<ClaimStart> {
  const [read, , own] = (await client.query(
    `SELECT pg_sequence_last_value(pg_get_serial_sequence('outbox_message', 'sequence')::regclass)::text AS last;
     BEGIN;
     SELECT pg_current_xact_id()::text AS xid`,
  )) as unknown as [{ rows: { last: string | null }[] }, unknown, { rows: { xid: string }[] }];
  return { lastSequence: read.rows[0].last ?? '0', xid: own.rows[0].xid };
}

export interface Claim {
  /** Claimed rows, marked `sent` in the caller's open transaction, in sequence order. */
  rows: ClaimedRow[];
  /** The sequence bound this claim used (now known to be final). */
  upTo: string;
  /** The claiming transaction's id: not a writer of outbox rows. */
  xid: string;
}

export interface ClaimedRow extends OutboxRow {
  /** An earlier row of its aggregate has failed: not published, marked failed in turn. */
  held: boolean;
}

export const NO_LIMIT = '9223372036854775807';

/**
 * The polling relay's claim: one statement that picks the next rows in sequence order, marks
 * them `sent` (the caller commits only after Kafka acknowledged them, or rolls back) and returns
 * them with what the publish watermark needs. The plan does not depend on statistics:
 *
 * - the rows come from an ordered scan of the pending index that stops after `limit` rows;
 * - aggregates with a row waiting for a retry are skipped through a (hashed) `NOT IN` over the
 *   small `retrying` index — `NOT IN` is never turned into an anti-join over the whole backlog;
 * - the update finds the claimed rows by `ctid = ANY (array)`: a TID scan, never a join.
 *
 * `FOR UPDATE SKIP LOCKED` keeps the rows locked until commit: the relay's next claim (on its
 * second connection) skips them while they are being sent, and so would a second relay that got
 * past the leader lock. `visibleIn` limits the claim to the rows of a snapshot (log-tailing's
 * first start). See publish-watermark.ts for `upTo`: "every transaction below xid b has ended" is
 * known from a snapshot only below its xmax (the newest completed xid + 1): a transaction that
 * started after that is running without being listed. (Exported for the test that checks its plan.)
 */
export function claimStatement(limit: number, watermark: WatermarkQuery, ownXids: string[], claimXid: string, visibleIn?: string): { name: string; text: string; values: unknown[] } {
  const endedBelow = (below: string) =>
    `(pg_snapshot_xmax(s) >= ${below} AND NOT EXISTS (SELECT 1 FROM pg_snapshot_xip(s) x WHERE x < ${below} AND x <> ALL ($4::xid8[])))`;
  return {
    // Prepared once per connection: the statement is long, planning it every batch costs PostgreSQL milliseconds.
    name: 'outbox-claim',
    text:
      `WITH snap AS MATERIALIZED (SELECT pg_current_snapshot() AS s),
     bound AS MATERIALIZED (
       SELECT GREATEST($2::bigint,
                CASE WHEN $6::xid8 IS NOT NULL AND ${endedBelow('$6::xid8')} THEN $5::bigint END,
                CASE WHEN ${endedBelow('$8::xid8')} THEN $7::bigint END) AS up_to
       FROM snap),
     claim AS MATERIALIZED (
       SELECT ctid FROM outbox_message
       WHERE status = 'pending' AND sequence <= (SELECT up_to FROM bound) AND next_attempt_at <= now()
         AND ($3::pg_snapshot IS NULL OR pg_visible_in_snapshot(txid, $3::pg_snapshot))
         AND (aggregate_type, aggregate_id) NOT IN (
           SELECT aggregate_type, aggregate_id FROM outbox_message
           WHERE status = 'pending' AND attempts > 0 AND next_attempt_at > now())
       ORDER BY sequence
       LIMIT $1
       FOR UPDATE SKIP LOCKED),
     claimed AS (
       UPDATE outbox_message m SET status = 'sent', sent_at = now()
       WHERE m.ctid = ANY (ARRAY(SELECT ctid FROM claim))
       RETURNING m.id, m.sequence::text AS sequence, m.txid::text AS txid, m.topic, m.aggregate_type AS "aggregateType",
         m.aggregate_id AS "aggregateId", m.headers, m.payload::text AS payload, m.attempts,
         EXISTS (SELECT 1 FROM outbox_message f WHERE f.status = 'failed' AND f.aggregate_type = m.aggregate_type
                 AND f.aggregate_id = m.aggregate_id AND f.sequence < m.sequence) AS held)
     -- The bound, once, then the rows.
     SELECT b.up_to::text AS id, NULL AS sequence, NULL AS txid, NULL AS topic, NULL AS "aggregateType", NULL AS "aggregateId", NULL::jsonb AS headers, NULL AS payload,
       NULL::int AS attempts, NULL::boolean AS held
     FROM bound b
     UNION ALL
     SELECT id::text, sequence, txid, topic, "aggregateType", "aggregateId", headers, payload, attempts, held FROM claimed`,
    values: [limit, watermark.safe, visibleIn ?? null, ownXids, watermark.pending?.last ?? null, watermark.pending?.below ?? null, watermark.lastSeen ?? null, claimXid],
  };
}

/** Runs the claim in the transaction `start` opened. */
export async function claimBatch(client: ClientBase, limit: number, watermark: WatermarkQuery, ownXids: string[], start: ClaimStart, visibleIn?: string): Promise<Claim> {
  const { rows } = await client.query(claimStatement(limit, watermark, ownXids, start.xid, visibleIn));
  const [meta, ...claimed] = rows as ClaimedRow[];
  claimed.sort(bySequence);
  return { rows: claimed, upTo: meta.id, xid: start.xid };
}

/** Rows held back behind a failed row of their aggregate: `failed` too, so that a requeue keeps their order. */
export async function markHeld(client: ClientBase, rows: OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query(
    `UPDATE outbox_message SET status = 'failed', sent_at = NULL,
       last_error = 'held back: an earlier event of this aggregate failed (requeue it to release this one)'
     WHERE id = ANY ($1::uuid[])`,
    [rows.map((row) => row.id)],
  );
}

/** Claimed rows that were not published (held back behind a refused row of the batch): pending again. */
export async function unclaim(client: ClientBase, rows: OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query(`UPDATE outbox_message SET status = 'pending', sent_at = NULL WHERE id = ANY ($1::uuid[])`, [rows.map((row) => row.id)]);
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
    const { rowCount } = await client.query(
      `UPDATE outbox_message
       SET attempts = $2, last_error = $3, status = $4, sent_at = NULL,
           next_attempt_at = now() + make_interval(secs => $5::float8 / 1000)
       WHERE id = $1`,
      [row.id, attempts, error, giveUp ? 'failed' : 'pending', giveUp ? 0 : backoffDelayMs(attempts, { initialDelayMs: policy.baseMs, maxDelayMs: policy.maxMs, jitter: 'equal' })],
    );
    if (rowCount !== 1) throw new Error(`outbox row ${row.id} is not visible: its attempt could not be recorded`);
    row.attempts = attempts;
  }
  return failed;
}
