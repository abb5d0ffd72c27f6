/**
 * The round trips an order is made of, each at its cheapest: a PostgreSQL read and write
 * transaction, a Kafka message from producer to consumer, a unary gRPC call, an HTTP request.
 * Each carries its own settings as the services use them (the relay's producer, the consumer's
 * defaults, a deadline on every call) and no business logic, and counts the CPU of the processes
 * whose work it is in the flow.
 */
import { randomUUID } from 'node:crypto';
import { credentials, makeGenericClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { type EachBatchPayload, type Kafka, type Message } from 'kafkajs';
import type { Pool } from 'pg';
import { parseConsumerConfig } from '@ftgo/messaging';
import { ensureTopics } from '@ftgo/platform/standalone';
import { PRODUCER_CONFIG } from '../../libs/outbox/src/publisher/outbox-publisher';
import { ownCpuSeconds } from '../support/process-stats';
import { ECHO_SERVICE } from './echo-service';

export interface FloorWorkload {
  name: string;
  /** One operation; the n-th of a run. */
  run(n: number): Promise<void>;
  /** CPU seconds so far of the processes that do this work in the flow. */
  cpuSeconds(): number;
  close?(): Promise<void>;
}

/** About the size of an OrderCreated payload. */
export const PAYLOAD = JSON.stringify({ orderId: randomUUID(), lineItems: [{ menuItemId: 'chicken-vindaloo', quantity: 1 }], note: 'x'.repeat(180) });

export const FLOOR_TABLE = 'CREATE TABLE floor_row (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload jsonb NOT NULL)';

/** An indexed single-row SELECT, autocommit: no WAL. PostgreSQL and the client (a service) count. */
export function readStatement(pool: Pool, postgresCpuSeconds: () => number): FloorWorkload {
  return {
    name: 'read statement',
    run: async (n) => void (await pool.query({ name: 'read', text: 'SELECT id FROM floor_row WHERE id = $1', values: [(n % 1_000) + 1] })),
    cpuSeconds: () => postgresCpuSeconds() + ownCpuSeconds(),
  };
}

/** BEGIN, an INSERT of a ~300-byte jsonb row, COMMIT: one WAL flush (shared by sessions committing together). */
export function writeTransaction(pool: Pool, postgresCpuSeconds: () => number): FloorWorkload {
  return {
    name: 'write transaction',
    run: async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query({ name: 'write', text: 'INSERT INTO floor_row (payload) VALUES ($1)', values: [PAYLOAD] });
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    },
    cpuSeconds: () => postgresCpuSeconds() + ownCpuSeconds(),
  };
}

/**
 * A message published as a relay publishes (idempotent, acks from all replicas, what is waiting
 * goes in the next request, one request in flight) and read as an IdempotentConsumer reads (its
 * default fetch wait and concurrency, each offset resolved, one commit per batch); done when the
 * consumer has it. Producer, consumer and broker count.
 */
export async function kafkaMessage(kafka: Kafka, brokerCpuSeconds: () => number): Promise<FloorWorkload> {
  const topic = `bench-floor-${randomUUID().slice(0, 8)}`;
  await ensureTopics(kafka, [{ topic }]);
  const defaults = parseConsumerConfig({ groupId: topic });
  const producer = kafka.producer(PRODUCER_CONFIG);
  const consumer = kafka.consumer({ groupId: topic, sessionTimeout: defaults.sessionTimeoutMs, heartbeatInterval: defaults.heartbeatIntervalMs, maxWaitTimeInMs: defaults.maxWaitTimeMs });
  const delivered = new Map<string, (error?: Error) => void>();
  const eachBatch = async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, uncommittedOffsets }: EachBatchPayload) => {
    for (const message of batch.messages) {
      delivered.get(String(message.headers?.['message-id']))?.();
      resolveOffset(message.offset);
      await heartbeat();
    }
    await commitOffsetsIfNecessary(uncommittedOffsets());
  };
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [topic] });
  await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: defaults.concurrency, eachBatch });
  const waiting: Message[] = [];
  let sending: Promise<void> | undefined;
  const sendWaiting = async () => {
    try {
      while (waiting.length) await producer.send({ topic, acks: -1, messages: waiting.splice(0) });
    } catch (error) {
      for (const settle of delivered.values()) settle(error as Error);
    } finally {
      sending = undefined;
    }
  };
  return {
    name: 'Kafka message',
    run: (n) =>
      new Promise<void>((resolve, reject) => {
        const id = randomUUID();
        delivered.set(id, (error) => (delivered.delete(id), error ? reject(error) : resolve()));
        waiting.push({ key: `order-${n % 1_000}`, value: PAYLOAD, headers: { 'message-id': id, 'event-type': 'OrderCreated' } });
        sending ??= sendWaiting();
      }),
    cpuSeconds: () => brokerCpuSeconds() + ownCpuSeconds(),
    close: async () => {
      await consumer.disconnect();
      await producer.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [topic] }).finally(() => admin.disconnect());
    },
  };
}

/** A unary call with a deadline on one channel, bytes echoed (no protobuf): client and server count. */
export function grpcCall(port: number, serverCpuSeconds: () => number): FloorWorkload {
  const Client = makeGenericClientConstructor(ECHO_SERVICE, 'Floor');
  const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  const request = Buffer.from(PAYLOAD);
  const echo = (client as unknown as Record<string, (...args: unknown[]) => void>).echo.bind(client);
  return {
    name: 'gRPC call',
    run: () =>
      new Promise<void>((resolve, reject) =>
        echo(request, { deadline: Date.now() + 5_000 }, (error: ServiceError | null) => (error ? reject(error) : resolve())),
      ),
    cpuSeconds: () => serverCpuSeconds() + ownCpuSeconds(),
    close: async () => client.close(),
  };
}

/** A JSON POST answered 201 by a bare node:http server over keep-alive: only the server counts (the flow's client is its load generator). */
export function httpRequest(port: number, serverCpuSeconds: () => number): FloorWorkload {
  return {
    name: 'HTTP request',
    run: async () => {
      const response = await fetch(`http://127.0.0.1:${port}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: PAYLOAD });
      if (response.status !== 201) throw new Error(`HTTP ${response.status}`);
      await response.arrayBuffer();
    },
    cpuSeconds: serverCpuSeconds,
  };
}
