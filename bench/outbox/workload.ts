// The messages every contender publishes: the same keys, headers and ~300-byte payloads.
import { randomUUID } from 'node:crypto';
import type { Message } from 'kafkajs';
import type { ClientBase } from 'pg';

export interface Workload {
  rows: number;
  aggregates: number;
  rowsPerTransaction: number;
}

export const aggregateId = (k: number) => `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`;
const PAD = 'x'.repeat(96);
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/** The payload of message `index`: `n` numbers the messages of one aggregate, for the order check. */
export function payloadOf(index: number, aggregates: number): Record<string, unknown> {
  const k = index % aggregates;
  return {
    orderId: aggregateId(k),
    n: Math.floor(index / aggregates),
    state: 'APPROVED',
    consumerId: '6f1c5a0e-0000-4000-8000-000000000001',
    total: { amount: '37.50', currency: 'EUR' },
    lineItems: [
      { menuItemId: 'chicken-vindaloo', quantity: 2 },
      { menuItemId: 'garlic-naan', quantity: 1 },
    ],
    pad: PAD,
  };
}

/** What the raw producer sends: the relay's Kafka message for the same outbox row. */
export function kafkaMessages(workload: Workload): Message[] {
  return Array.from({ length: workload.rows }, (_, index) => {
    const key = aggregateId(index % workload.aggregates);
    return {
      key,
      value: JSON.stringify(payloadOf(index, workload.aggregates)),
      headers: {
        'event-type': 'OrderRevised',
        'aggregate-type': 'Order',
        'aggregate-id': key,
        'correlation-id': randomUUID(),
        'causation-id': randomUUID(),
        'occurred-at': new Date().toISOString(),
        traceparent: TRACEPARENT,
        'message-id': randomUUID(),
      },
    };
  });
}

/**
 * Writes the outbox rows server-side, `rowsPerTransaction` per COMMIT, with the columns
 * `outbox.add` writes (the payload built by jsonb_build_object, same fields as payloadOf).
 * Not timed: synchronous_commit is off so that 20 000 one-row transactions take seconds.
 */
export async function writeOutboxRows(client: ClientBase, topic: string, workload: Workload): Promise<void> {
  await client.query(`
    CREATE OR REPLACE PROCEDURE bench_write(total int, per_tx int, target text, aggregates int)
    LANGUAGE plpgsql AS $$
    DECLARE i int := 0;
    BEGIN
      WHILE i < total LOOP
        INSERT INTO outbox_message (id, topic, aggregate_type, aggregate_id, event_type, payload, headers)
        SELECT gen_random_uuid(), target, 'Order', agg, 'OrderRevised',
               jsonb_build_object('orderId', agg, 'n', (i + g) / aggregates, 'state', 'APPROVED',
                 'consumerId', '6f1c5a0e-0000-4000-8000-000000000001',
                 'total', jsonb_build_object('amount', '37.50', 'currency', 'EUR'),
                 'lineItems', jsonb_build_array(jsonb_build_object('menuItemId', 'chicken-vindaloo', 'quantity', 2),
                                                jsonb_build_object('menuItemId', 'garlic-naan', 'quantity', 1)),
                 'pad', repeat('x', 96)),
               jsonb_build_object('event-type', 'OrderRevised', 'aggregate-type', 'Order', 'aggregate-id', agg,
                 'correlation-id', gen_random_uuid(), 'causation-id', gen_random_uuid(),
                 'occurred-at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                 'traceparent', '${TRACEPARENT}')
        FROM generate_series(0, least(per_tx, total - i) - 1) AS g,
             LATERAL (SELECT '00000000-0000-4000-8000-' || lpad(((i + g) % aggregates)::text, 12, '0') AS agg) a
        ORDER BY g;
        COMMIT;
        i := i + per_tx;
      END LOOP;
    END $$`);
  await client.query('SET synchronous_commit = off');
  await client.query('CALL bench_write($1, $2, $3, $4)', [workload.rows, workload.rowsPerTransaction, topic, workload.aggregates]);
  await client.query('RESET synchronous_commit');
}

/** One single-row transaction as a service writes it (for the latency runs); resolves when COMMIT is sent. */
export async function writeOneRow(client: ClientBase, topic: string, id: string, index: number): Promise<number> {
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO outbox_message (id, topic, aggregate_type, aggregate_id, event_type, payload, headers)
     VALUES ($1, $2, 'Order', $3, 'OrderRevised', $4, $5)`,
    [id, topic, aggregateId(index), JSON.stringify(payloadOf(index, 1_000_000)), JSON.stringify({ 'event-type': 'OrderRevised', 'aggregate-type': 'Order', 'aggregate-id': aggregateId(index), traceparent: TRACEPARENT })],
  );
  const committing = performance.now();
  await client.query('COMMIT');
  return committing;
}
