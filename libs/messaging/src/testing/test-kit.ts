// Shared by this library's integration tests and its child-process fixture; not exported.
import { MessageHeaders } from '@ftgo/contracts';
import { createKafka } from '@ftgo/platform';
import { randomUUID } from 'node:crypto';
import { type Kafka, type Message, Partitioners } from 'kafkajs';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { z } from 'zod';
import type { ConsumerConfigInput } from '../consumer/consumer-config';
import { consumerMetrics } from '../consumer/consumer-metrics';
import { messagingMigrations } from '../dedup/processed-message.migration';
import { defineHandler } from '../handlers/message-handler';

/** The business side effect the tests count: no unique key, so a duplicate shows as a second row. */
class CreateEffect1764000000001 implements MigrationInterface {
  name = 'CreateEffect1764000000001';
  async up(runner: QueryRunner) {
    await runner.query(`CREATE TABLE effect (id serial PRIMARY KEY, message_id uuid NOT NULL, note text NOT NULL)`);
  }
  async down(runner: QueryRunner) {
    await runner.query(`DROP TABLE effect`);
  }
}

export type MigrationClass = new () => MigrationInterface;

export const testMigrations = [...messagingMigrations, CreateEffect1764000000001];

export async function openDatabase(url: string, extraMigrations: MigrationClass[] = []): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    migrations: [...testMigrations, ...extraMigrations],
    extra: { connectionTimeoutMillis: 2_000 },
  });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

export const noteSchema = z.object({ note: z.string() });

/** Writes one effect row per handled message, through the transaction it is given. */
export const noteHandler = (topic: string, eventType = 'NoteTaken') =>
  defineHandler({
    topic,
    eventType,
    schema: noteSchema,
    async handle(payload, { manager, message }) {
      await manager.query('INSERT INTO effect (message_id, note) VALUES ($1, $2)', [message.messageId, payload.note]);
    },
  });

export function envelope(payload: unknown, options: { messageId?: string; eventType?: string; key?: string } = {}): Message {
  return {
    key: options.key ?? 'aggregate-1',
    value: typeof payload === 'string' ? payload : JSON.stringify(payload),
    headers: {
      [MessageHeaders.messageId]: options.messageId ?? randomUUID(),
      [MessageHeaders.eventType]: options.eventType ?? 'NoteTaken',
      [MessageHeaders.correlationId]: 'correlation-1',
      [MessageHeaders.traceparent]: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    },
  };
}

export function testKafka(brokers = process.env.KAFKA_BROKERS ?? ''): Kafka {
  return createKafka(`messaging-test-${process.pid}`, brokers.split(','));
}

export async function createTopic(kafka: Kafka, topic: string, numPartitions = 1): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true });
  await admin.disconnect();
}

export async function produce(kafka: Kafka, topic: string, messages: Message[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({ topic, acks: -1, messages });
  await producer.disconnect();
}

/** Short timeouts so the suite stays fast; the production defaults are in consumer-config.ts. */
export function testConsumerConfig(groupId: string): ConsumerConfigInput {
  return {
    groupId,
    fromBeginning: true,
    sessionTimeoutMs: 6_000,
    heartbeatIntervalMs: 500,
    maxWaitTimeMs: 200,
    retry: { initialDelayMs: 50, maxDelayMs: 400 },
  };
}

export async function effectNotes(dataSource: DataSource): Promise<string[]> {
  const rows: { note: string }[] = await dataSource.query('SELECT note FROM effect ORDER BY id');
  return rows.map((row) => row.note);
}

/** The offset the group will resume from on a one-partition topic ('-1' when nothing is committed). */
export async function committedOffset(kafka: Kafka, groupId: string, topic: string, partition = 0): Promise<string> {
  const admin = kafka.admin();
  await admin.connect();
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  await admin.disconnect();
  return offsets.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
}

/** How often the group's consumers have retried a message, summed over topics (the metric the service exports). */
export async function retriesOf(groupId: string): Promise<number> {
  const { values } = await consumerMetrics.retries.get();
  return values.filter((value) => value.labels.group === groupId).reduce((sum, value) => sum + value.value, 0);
}
