// Test support: one service's Nest app on its own scratch database and private Kafka, with what
// every service's integration tests need around it. A service's `testing/<service>-harness.ts`
// adds only its own parts (its gRPC address, stand-ins of the services it calls, fixtures).
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { MessageHeaders } from '@ftgo/contracts';
import { createKafka, pollUntil, type RunningService } from '@ftgo/platform';
import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { freePort, type IsolatedInfra, startIsolatedInfra } from '../infra/isolated';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';

export interface PublishOptions {
  messageId?: string;
  /** The Kafka key; by default the order id of the payload, as the producers key by aggregate. */
  key?: string;
  /** By default `corr-<key>`. */
  correlationId?: string;
  /** Raw bytes instead of JSON, to send something malformed. */
  rawValue?: string;
}

export interface OutboxRow {
  aggregate_id: string;
  event_type: string;
  payload: Record<string, unknown>;
  headers: Record<string, string>;
}

export interface ReadRecord {
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

export interface ServiceHarness {
  url: string;
  app: INestApplication;
  dataSource: DataSource;
  /** The environment the service was configured from. */
  env: Record<string, string>;
  brokers: string[];
  databaseUrl: string;
  kafka: Kafka;
  /** Publishes one event the way another service's relay would; returns its message id. */
  publish(topic: string, eventType: string, payload: object, options?: PublishOptions): Promise<string>;
  /** The outbox rows of one aggregate, in the order they were written. */
  outbox(aggregateId: string): Promise<OutboxRow[]>;
  /** Resolves once the consumer committed the message's transaction (its id in processed_message). */
  handled(messageId: string): Promise<void>;
  /** The messages in a topic so far (the sum of its partitions' high watermarks). */
  messageCount(topic: string): Promise<number>;
  /** Reads a topic from the beginning with a throwaway group until `enough` says so. */
  readTopic(topic: string, enough: (records: ReadRecord[]) => boolean): Promise<ReadRecord[]>;
  /** Stops everything it started; safe to call twice (a test may stop it, afterAll again). */
  stop(): Promise<void>;
}

export interface ServiceUnderTest {
  /** Names the private broker and the scratch database. */
  name: string;
  /** The service's database user, e.g. `kitchen_user`. */
  databaseOwner: string;
  /** Builds the service's configuration from `env` and starts it (startService). */
  start(env: Record<string, string>): Promise<RunningService>;
}

/** Short consumer and shutdown timings: a rebalance takes a second, not half a minute. */
const FAST_ENV = {
  LOG_LEVEL: 'warn',
  KAFKA_SESSION_TIMEOUT_MS: '6000',
  KAFKA_HEARTBEAT_INTERVAL_MS: '500',
  KAFKA_RETRY_INITIAL_DELAY_MS: '50',
  KAFKA_MAX_WAIT_MS: '200',
  GRPC_SHUTDOWN_GRACE_MS: '1000',
};

export async function startServiceHarness(service: ServiceUnderTest, extraEnv: Record<string, string> = {}): Promise<ServiceHarness> {
  const [infra, database] = await Promise.all([
    startIsolatedInfra(service.name, { kafka: true }),
    createScratchDatabase(service.name.replace(/\W/g, '_'), service.databaseOwner),
  ]);
  let running: RunningService | undefined;
  let producer: Producer | undefined;
  const brokers = infra.kafka?.brokers ?? [];
  const disposeInfra = () => Promise.all([infra.dispose(), database.drop()]);
  try {
    const env = {
      ...FAST_ENV,
      DATABASE_URL: database.url,
      KAFKA_BROKERS: brokers.join(','),
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(await freePort()),
      GRPC_HOST: '127.0.0.1',
      GRPC_PORT: String(await freePort()),
      ...extraEnv,
    };
    running = await service.start(env);
    await consumerJoined(running.url);
    const kafka = createKafka(`${service.name}-test-${randomUUID()}`, brokers);
    producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    return harnessOf(running, env, kafka, producer, database, infra);
  } catch (error) {
    await producer?.disconnect();
    await running?.stop();
    await disposeInfra();
    throw error;
  }
}

/**
 * The service answers before its consumer has joined its group (the start is not awaited): the
 * tests publish as soon as the harness is up and expect the consumer to be there.
 */
async function consumerJoined(url: string): Promise<void> {
  const group = async () => {
    const body = (await (await fetch(`${url}/health/ready`)).json()) as { details?: Record<string, { group?: string }> };
    return body.details?.['kafka-consumer']?.group === 'joined';
  };
  await pollUntil('the consumer to join its group', group, { timeoutMs: 60_000, intervalMs: 100 });
}

function harnessOf(
  running: RunningService,
  env: Record<string, string>,
  kafka: Kafka,
  producer: Producer,
  database: ScratchDatabase,
  infra: IsolatedInfra,
): ServiceHarness {
  const dataSource = running.app.get(DataSource);
  let stopping: Promise<void> | undefined;
  return {
    url: running.url,
    app: running.app,
    dataSource,
    env,
    brokers: infra.kafka?.brokers ?? [],
    databaseUrl: database.url,
    kafka,
    publish: (topic, eventType, payload, options = {}) => publish(producer, topic, eventType, payload, options),
    outbox: (aggregateId) =>
      dataSource.query(`SELECT aggregate_id, event_type, payload, headers FROM outbox_message WHERE aggregate_id = $1 ORDER BY sequence`, [
        aggregateId,
      ]),
    handled: async (messageId) => {
      await pollUntil(`message ${messageId} to be handled`, async () => {
        const rows: unknown[] = await dataSource.query(`SELECT 1 FROM processed_message WHERE message_id = $1`, [messageId]);
        return rows.length === 1;
      });
    },
    messageCount: (topic) => messageCount(kafka, topic),
    readTopic: (topic, enough) => readTopic(kafka, topic, enough),
    stop: () =>
      (stopping ??= (async () => {
        await producer.disconnect();
        await running.stop();
        await Promise.all([database.drop(), infra.dispose()]);
      })()),
  };
}

async function publish(producer: Producer, topic: string, eventType: string, payload: object, options: PublishOptions): Promise<string> {
  const messageId = options.messageId ?? randomUUID();
  const key = options.key ?? (payload as { orderId?: string }).orderId ?? 'no-key';
  await producer.send({
    topic,
    acks: -1,
    messages: [
      {
        key,
        value: options.rawValue ?? JSON.stringify(payload),
        headers: {
          [MessageHeaders.messageId]: messageId,
          [MessageHeaders.eventType]: eventType,
          [MessageHeaders.correlationId]: options.correlationId ?? `corr-${key}`,
        },
      },
    ],
  });
  return messageId;
}

async function messageCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Reads a topic from the beginning with a throwaway group until `enough` says so. */
export async function readTopic(kafka: Kafka, topic: string, enough: (records: ReadRecord[]) => boolean): Promise<ReadRecord[]> {
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 200, sessionTimeout: 6_000, heartbeatInterval: 500 });
  const records: ReadRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
      records.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers });
    },
  });
  try {
    await pollUntil(`enough records on ${topic}`, () => enough(records));
  } finally {
    await consumer.disconnect();
  }
  return records;
}
