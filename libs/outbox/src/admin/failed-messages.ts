import type { ClientBase } from 'pg';

export interface FailedMessage {
  id: string;
  topic: string;
  aggregateType: string;
  aggregateId: string;
  eventType: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

export async function listFailed(client: ClientBase, limit = 100): Promise<FailedMessage[]> {
  const { rows } = await client.query<FailedMessage>(
    `SELECT id, topic, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId", event_type AS "eventType",
            attempts, last_error AS "lastError", created_at AS "createdAt"
     FROM outbox_message WHERE status = 'failed' ORDER BY sequence LIMIT $1`,
    [limit],
  );
  return rows;
}

/**
 * Puts failed rows back in the queue (all of them, or the given ids together with the later
 * failed rows of the same aggregates, which were held back behind them) with fresh attempts.
 * The rows are deleted and inserted again in one statement, in their old order: the insert gives
 * them new sequence values and puts them in the WAL, so both the polling and the log-tailing
 * relay pick them up, in order. Their ids, and so their Kafka message-ids, stay the same.
 */
export async function requeueFailed(client: ClientBase, ids?: string[]): Promise<number> {
  const { rowCount } = await client.query(
    `WITH chosen AS (
       SELECT aggregate_type, aggregate_id, min(sequence) AS since FROM outbox_message
       WHERE status = 'failed' AND ($1::uuid[] IS NULL OR id = ANY ($1::uuid[]))
       GROUP BY aggregate_type, aggregate_id),
     requeued AS (
       DELETE FROM outbox_message m USING chosen c
       WHERE m.status = 'failed' AND m.aggregate_type = c.aggregate_type AND m.aggregate_id = c.aggregate_id AND m.sequence >= c.since
       RETURNING m.id, m.sequence, m.topic, m.aggregate_type, m.aggregate_id, m.event_type, m.payload, m.headers, m.created_at)
     INSERT INTO outbox_message (id, topic, aggregate_type, aggregate_id, event_type, payload, headers, created_at)
     SELECT id, topic, aggregate_type, aggregate_id, event_type, payload, headers, created_at FROM requeued ORDER BY sequence`,
    [ids ?? null],
  );
  return rowCount ?? 0;
}
