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
 * Puts failed rows back in the queue (all of them, or the given ids) with fresh attempts.
 * The row is deleted and inserted again in one statement: the insert gives it a new sequence
 * and puts it in the WAL, so both the polling and the log-tailing relay pick it up. Its id, and
 * so its Kafka message-id, stays the same.
 */
export async function requeueFailed(client: ClientBase, ids?: string[]): Promise<number> {
  const { rowCount } = await client.query(
    `WITH requeued AS (
       DELETE FROM outbox_message WHERE status = 'failed' AND ($1::uuid[] IS NULL OR id = ANY($1::uuid[]))
       RETURNING id, topic, aggregate_type, aggregate_id, event_type, payload, headers, created_at)
     INSERT INTO outbox_message (id, topic, aggregate_type, aggregate_id, event_type, payload, headers, created_at)
     SELECT id, topic, aggregate_type, aggregate_id, event_type, payload, headers, created_at FROM requeued`,
    [ids ?? null],
  );
  return rowCount ?? 0;
}
