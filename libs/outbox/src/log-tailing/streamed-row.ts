import type { OutboxRow } from '../schema/outbox-table';

const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/** An inserted outbox row as pgoutput decodes it (column names as in the table). */
export function rowFromInsert(tuple: Record<string, unknown>): OutboxRow {
  return {
    id: String(tuple.id),
    sequence: String(tuple.sequence),
    topic: String(tuple.topic),
    aggregateId: String(tuple.aggregate_id),
    headers: json(tuple.headers),
    payload: json(tuple.payload),
    attempts: Number(tuple.attempts ?? 0),
  };
}

export const bySequence = (a: OutboxRow, b: OutboxRow) => (BigInt(a.sequence) < BigInt(b.sequence) ? -1 : 1);
