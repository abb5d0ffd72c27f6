// Test-only: the order service's Nest app against the database and Kafka a test gives it (a
// scratch database, a private broker), with real gRPC stand-ins for kitchen and accounting.
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { MessageHeaders } from '@ftgo/contracts';
import { CorrelationIdMiddleware, createKafka } from '@ftgo/platform';
import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { loadOrderConfig } from '../config/order.config';
import { configureOrderApp } from '../http/configure-order-app';
import { OrderServiceModule } from '../order-service.module';
import { startAccountingStandIn, startKitchenStandIn, type StandInServer } from './grpc-stand-ins';

export interface OrderServiceHarness {
  app: INestApplication;
  dataSource: DataSource;
  kitchen: StandInServer;
  accounting: StandInServer;
  /** The consumer group of this instance (unique per test file). */
  groupId: string;
  /** The messages in a topic of the private broker so far (the sum of its partitions' high watermarks). */
  messageCount(topic: string): Promise<number>;
  /** Publishes one event as kitchen's or accounting's relay would; returns its message id. */
  publish(topic: string, eventType: string, payload: { orderId: string } & Record<string, unknown>, messageId?: string): Promise<string>;
  close(): Promise<void>;
}

/** Short breaker windows and consumer timeouts: the fault tests open and close breakers quickly. */
const FAST = {
  TIMEOUT_MS: '1000',
  VOLUME_THRESHOLD: '2',
  ERROR_THRESHOLD_PERCENT: '50',
  RESET_TIMEOUT_MS: '1500',
  READ_RETRIES: '0',
};

function dependencyEnv(prefix: string, address: string): Record<string, string> {
  return Object.fromEntries([['ADDRESS', address], ...Object.entries(FAST)].map(([key, value]) => [`${prefix}_${key}`, value]));
}

export async function startOrderServiceHarness(databaseUrl: string, brokers: string[]): Promise<OrderServiceHarness> {
  const [kitchen, accounting] = await Promise.all([startKitchenStandIn(), startAccountingStandIn()]);
  const stopStandIns = () => {
    kitchen.stop();
    accounting.stop();
  };
  const groupId = `order-service-${randomUUID()}`;
  try {
    const config = loadOrderConfig({
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: brokers.join(','),
      HTTP_PORT: '3001',
      LOG_LEVEL: 'warn',
      KAFKA_CONSUMER_GROUP: groupId,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '500',
      KAFKA_RETRY_INITIAL_DELAY_MS: '50',
      ...dependencyEnv('KITCHEN_GRPC', kitchen.address),
      ...dependencyEnv('ACCOUNTING_GRPC', accounting.address),
    });
    const module = await Test.createTestingModule({ imports: [OrderServiceModule.forRoot(config)] }).compile();
    const app = module.createNestApplication({ logger: ['error'] });
    // What startService does in main.ts: every request runs in its correlation context.
    const correlation = new CorrelationIdMiddleware();
    app.use(correlation.use.bind(correlation));
    configureOrderApp(app);
    await app.init();
    const kafka = createKafka(`order-test-${process.pid}`, brokers);
    const producer = await connectProducer(kafka);
    return {
      app,
      dataSource: app.get(DataSource),
      kitchen,
      accounting,
      groupId,
      messageCount: (topic) => messageCount(kafka, topic),
      publish: (topic, eventType, payload, messageId) => publish(producer, topic, eventType, payload, messageId),
      close: async () => {
        await producer.disconnect();
        await app.close();
        stopStandIns();
      },
    };
  } catch (error) {
    stopStandIns();
    throw error;
  }
}

async function connectProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  return producer;
}

async function publish(producer: Producer, topic: string, eventType: string, payload: { orderId: string }, messageId: string = randomUUID()): Promise<string> {
  await producer.send({
    topic,
    acks: -1,
    messages: [
      {
        key: payload.orderId,
        value: JSON.stringify(payload),
        headers: { [MessageHeaders.messageId]: messageId, [MessageHeaders.eventType]: eventType, [MessageHeaders.correlationId]: `test-${messageId}` },
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

