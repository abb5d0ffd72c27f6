// Shared by this library's integration tests, its child-process fixture and the benchmark; not exported.
import { randomUUID } from 'node:crypto';
import { createKafka, ensureTopics } from '@ftgo/platform';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { EventContract } from '../outbox';
import type { OutboxEvent } from '../outbox-event';
import { type Backlog, readBacklog } from '../observability/backlog-query';
import type { RelayLogger } from '../observability/relay-logger';
import { type RelayConfig, relayConfigSchema } from '../relay/relay-config';
import { outboxMigrations } from '../schema/create-outbox-table.migration';

/** `createScratchDatabase` from @ftgo/tools, passed in by the spec files (only they may import tooling). */
export type CreateDatabase = (prefix: string) => Promise<{ name: string; url: string; drop(): Promise<void> }>;

export async function openOutboxDatabase(url: string): Promise<DataSource> {
  const dataSource = new DataSource({ type: 'postgres', url, migrations: outboxMigrations, extra: { max: 4 } });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

/** Test settings: short waits everywhere, a random HTTP port, a slot named after the database. */
export function testRelayConfig(databaseUrl: string, brokers: string, overrides: Record<string, string> = {}): RelayConfig {
  return relayConfigSchema.parse({
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: brokers,
    OUTBOX_POLL_INTERVAL_MS: '20',
    OUTBOX_POLL_MAX_INTERVAL_MS: '200',
    OUTBOX_STANDBY_RETRY_MS: '200',
    OUTBOX_RETRY_BASE_MS: '50',
    OUTBOX_RETRY_MAX_MS: '500',
    OUTBOX_RELAY_HTTP_PORT: '0',
    OUTBOX_RELAY_HTTP_HOST: '127.0.0.1',
    OUTBOX_TOPIC_PARTITIONS: '3',
    OUTBOX_BATCH_SIZE: '50',
    ...overrides,
  });
}

export const silentLogger: RelayLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function testKafka(brokers: string): Kafka {
  return createKafka(`outbox-test-${process.pid}`, brokers.split(','));
}

/** For this library's tests, whose topics and event types are their own, not the catalog's. */
export const acceptAnyEvent: EventContract = () => undefined;

export const uniqueTopic = (name: string) => `outbox-test.${name}.${randomUUID().slice(0, 8)}`;

/** `count` events spread over `aggregates` aggregates, each payload numbered per aggregate. */
export function numberedEvents(topic: string, count: number, aggregates: number, tag = 'e'): OutboxEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    topic,
    aggregateType: 'Order',
    aggregateId: `order-${index % aggregates}`,
    eventType: 'OrderRevised',
    payload: { n: Math.floor(index / aggregates), tag },
  }));
}

/** Writes events through `outbox.add`-equivalent SQL in their own committed transactions, `perTx` per transaction. */
export async function writeEvents(
  dataSource: DataSource,
  add: (manager: import('typeorm').EntityManager, events: OutboxEvent[]) => Promise<unknown>,
  events: OutboxEvent[],
  perTx = 10,
): Promise<void> {
  for (let start = 0; start < events.length; start += perTx) {
    await dataSource.transaction((manager) => add(manager, events.slice(start, start + perTx)));
  }
}

/**
 * Reads a topic from the beginning until `until` says enough, or the timeout passes (what was read
 * by then is returned, for a test that checks nothing more arrives). The default is generous: a
 * new group's first join after a broker restart took over 30 s on a busy machine.
 */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  until: (messages: KafkaMessage[]) => boolean,
  timeoutMs = 120_000,
): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `outbox-test-${randomUUID()}`, sessionTimeout: 6_000, heartbeatInterval: 500 });
  const messages: KafkaMessage[] = [];
  await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          messages.push(message);
          if (until(messages)) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

export const payloadOf = (message: KafkaMessage) => JSON.parse(message.value?.toString() ?? 'null') as { n: number; tag: string };

/** Per key, the payload numbers in the order Kafka delivered them, duplicates collapsed to first sight. */
export function sequencesByKey(messages: KafkaMessage[]): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  for (const message of messages) {
    const key = message.key?.toString() ?? '';
    const seen = byKey.get(key) ?? [];
    const n = payloadOf(message).n;
    if (!seen.includes(n)) seen.push(n);
    byKey.set(key, seen);
  }
  return byKey;
}

/** A plain pg connection for the library functions that take one (admin, retention). */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The backlog as the relay, its metrics and readiness see it: in either mode. */
export function backlogOf(dataSource: DataSource): Promise<Backlog> {
  return readBacklog((sql, params) => dataSource.query(sql, params));
}

/** Rows on Kafka as the bookkeeping says: neither unsent nor failed (polling marks them `sent`; log-tailing's position covers them). */
export async function publishedCount(dataSource: DataSource): Promise<number> {
  const [{ total }] = await dataSource.query(`SELECT count(*)::int AS total FROM outbox_message`);
  const backlog = await backlogOf(dataSource);
  return total - backlog.pending - backlog.failed;
}
