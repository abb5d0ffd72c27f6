// Test-only: the kitchen service against a scratch database and a private Kafka, plus helpers
// to feed it order events and to look at what it wrote. Not imported by product code.
import { randomUUID } from 'node:crypto';
import { MessageHeaders, type OrderEventType, Topics } from '@ftgo/contracts';
import { createKafka, type RunningService, startService } from '@ftgo/platform';
import type { Kafka, Producer } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import { DataSource } from 'typeorm';
import { loadKitchenConfig } from '../config/kitchen.config';
import { KitchenGrpcServer } from '../grpc/kitchen-grpc.server';
import { configureKitchenApp } from '../http/configure-kitchen-app';
import { KitchenServiceModule } from '../kitchen-service.module';
import { SEED_RESTAURANTS } from '../persistence/seed-restaurants';

export const [AJANTA, LUIGI, CLOSED_SUSHI] = SEED_RESTAURANTS;

export interface OutboxRow {
  aggregate_id: string;
  event_type: string;
  payload: Record<string, unknown>;
  headers: Record<string, string>;
}

export interface KitchenHarness {
  url: string;
  grpcAddress: string;
  brokers: string[];
  databaseUrl: string;
  kafka: Kafka;
  dataSource: DataSource;
  /** Stops everything it started; safe to call twice (a test may stop it, afterAll again). */
  stop(): Promise<void>;
  /** Publishes an order event the way order's relay would; returns its message id. */
  publishOrderEvent(eventType: keyof typeof OrderEventType | string, payload: unknown, options?: PublishOptions): Promise<string>;
  outbox(aggregateId: string): Promise<OutboxRow[]>;
}

export interface PublishOptions {
  messageId?: string;
  correlationId?: string;
  /** Raw bytes instead of JSON, to send something malformed. */
  rawValue?: string;
}

/**
 * The parts of @ftgo/tools the harness needs. Only spec files may import tools/ (module
 * boundaries), so each spec passes them in: `startKitchen('name', tools)`.
 */
export interface TestTools {
  startIsolatedInfra(name: string, parts: { kafka: true }): Promise<{ kafka?: { brokers: string[] }; dispose(): Promise<void> }>;
  createScratchDatabase(prefix: string, owner: string): Promise<{ url: string; drop(): Promise<void> }>;
  freePort(): Promise<number>;
}

export async function startKitchen(name: string, tools: TestTools): Promise<KitchenHarness> {
  const { createScratchDatabase, freePort, startIsolatedInfra } = tools;
  const infra = await startIsolatedInfra(name, { kafka: true });
  const database = await createScratchDatabase('kitchen_test', 'kitchen_user');
  const brokers = infra.kafka?.brokers ?? [];
  const config = loadKitchenConfig({
    HTTP_PORT: String(await freePort()),
    HTTP_HOST: '127.0.0.1',
    GRPC_PORT: String(await freePort()),
    GRPC_HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    KAFKA_BROKERS: brokers.join(','),
    LOG_LEVEL: 'warn',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    KAFKA_HEARTBEAT_INTERVAL_MS: '500',
    KAFKA_RETRY_INITIAL_DELAY_MS: '50',
    GRPC_SHUTDOWN_GRACE_MS: '1000',
  });
  const service: RunningService = await startService('kitchen-service', KitchenServiceModule.forRoot(config), config, configureKitchenApp);
  const kafka = createKafka(`kitchen-test-${randomUUID()}`, brokers);
  const producer: Producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const dataSource = service.app.get(DataSource);
  let stopping: Promise<void> | undefined;
  return {
    url: service.url,
    grpcAddress: `127.0.0.1:${service.app.get(KitchenGrpcServer).port}`,
    brokers,
    databaseUrl: database.url,
    kafka,
    dataSource,
    publishOrderEvent: async (eventType, payload, options = {}) => {
      const messageId = options.messageId ?? randomUUID();
      const key = (payload as { orderId?: string }).orderId ?? 'no-order';
      await producer.send({
        topic: Topics.order,
        acks: -1,
        messages: [
          {
            key,
            value: options.rawValue ?? JSON.stringify(payload),
            headers: {
              [MessageHeaders.messageId]: messageId,
              [MessageHeaders.eventType]: eventType,
              [MessageHeaders.correlationId]: options.correlationId ?? randomUUID(),
            },
          },
        ],
      });
      return messageId;
    },
    outbox: (aggregateId) =>
      dataSource.query(
        `SELECT aggregate_id, event_type, payload, headers FROM outbox_message WHERE aggregate_id = $1 ORDER BY sequence`,
        [aggregateId],
      ),
    stop: () =>
      (stopping ??= (async () => {
        await producer.disconnect();
        await service.stop();
        await database.drop();
        await infra.dispose();
      })()),
  };
}

/** A valid OrderCreated for a seeded restaurant. */
export function orderCreated(restaurant = LUIGI, items: [string, number][] = [['margherita', 2]]) {
  const lineItems = items.map(([menuItemId, quantity]) => {
    const item = restaurant.menu.find((m) => m.id === menuItemId);
    return { menuItemId, quantity, name: item?.name ?? menuItemId, unitPrice: { amountMinor: item?.priceMinor ?? 100, currency: 'USD' } };
  });
  const amountMinor = lineItems.reduce((sum, line) => sum + line.unitPrice.amountMinor * line.quantity, 0);
  return { orderId: randomUUID(), consumerId: randomUUID(), restaurantId: restaurant.id, lineItems, total: { amountMinor, currency: 'USD' } };
}
