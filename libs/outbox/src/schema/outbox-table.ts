/** The one table name every part of the library uses. */
export const OUTBOX_TABLE = 'outbox_message';

/** Whether a row still waits for the relay, was published, or gave up after too many attempts. */
export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** One outbox row as the relays read it. */
export interface OutboxRow {
  id: string;
  /** Insertion order; the polling relay publishes in this order (see docs/patterns/transactional-outbox.md). */
  sequence: string;
  topic: string;
  aggregateId: string;
  /** The full Kafka header map computed by `outbox.add`, without `message-id` (= id). */
  headers: Record<string, string>;
  payload: Record<string, unknown>;
  attempts: number;
}
