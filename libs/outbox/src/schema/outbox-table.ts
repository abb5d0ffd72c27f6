/** The one table name every part of the library uses. */
export const OUTBOX_TABLE = 'outbox_message';

/**
 * Whether a row still waits for the relay, was published, or gave up (after too many attempts, or
 * held back behind an earlier failed row of its aggregate). In log-tailing mode published rows
 * stay `pending`: the log position (log-position.ts) says they are on Kafka, not the row.
 */
export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** One outbox row as the relays read it. */
export interface OutboxRow {
  id: string;
  /** Insertion order; the polling relay publishes in this order (see docs/patterns/transactional-outbox.md). */
  sequence: string;
  /** The writing transaction (xid8, as text). */
  txid: string;
  topic: string;
  aggregateType: string;
  aggregateId: string;
  /** The full Kafka header map computed by `outbox.add`, without `message-id` (= id). */
  headers: Record<string, string>;
  /** The payload as PostgreSQL prints the jsonb (UTF-8 bytes straight from the WAL in log-tailing): sent to Kafka as is, never parsed by the relay. */
  payload: string | Buffer;
  attempts: number;
}

export const aggregateOf = (row: OutboxRow) => `${row.aggregateType}/${row.aggregateId}`;

/** Sequence order (bigint as text: a longer number is a larger one). */
export const bySequence = (a: OutboxRow, b: OutboxRow) =>
  a.sequence.length - b.sequence.length || (a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0);
