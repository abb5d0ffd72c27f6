// Shared by accounting's integration tests; not part of the service.
import { randomUUID } from 'node:crypto';
import { pollUntil } from '@ftgo/platform';
import { type AccountingServiceClient, loadAccountingProto, MessageHeaders, Topics } from '@ftgo/contracts';
import { credentials } from '@grpc/grpc-js';
import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import { type AccountingConfig, loadAccountingConfig } from '../config/accounting.config';

export const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

/** Short Kafka timeouts so a rebalance takes a second; free ports chosen by the caller. */
export function testConfig(databaseUrl: string, brokers: string[], ports: { http: number; grpc: number }): AccountingConfig {
  return loadAccountingConfig({
    HTTP_PORT: String(ports.http),
    HTTP_HOST: '127.0.0.1',
    GRPC_PORT: String(ports.grpc),
    GRPC_HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: brokers.join(','),
    LOG_LEVEL: 'warn',
    ACCOUNT_DEFAULT_LIMIT_MINOR: '10000',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    KAFKA_HEARTBEAT_INTERVAL_MS: '500',
    KAFKA_MAX_WAIT_MS: '200',
    SHUTDOWN_GRACE_MS: '10000',
  });
}

/** Publishes order events the way order's relay does: key = order id, the contract's headers. */
export class OrderEventsProducer {
  private readonly producer: Producer;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  }

  connect = () => this.producer.connect();
  disconnect = () => this.producer.disconnect();

  /**
   * Sends one event and returns its message id (the outbox row id on the real producer). The key
   * defaults to the order id; another key puts the event on the partition of another order.
   */
  async send(eventType: string, payload: { orderId: string } & Record<string, unknown>, options: { messageId?: string; key?: string } = {}) {
    const messageId = options.messageId ?? randomUUID();
    await this.producer.send({
      topic: Topics.order,
      acks: -1,
      messages: [
        {
          key: options.key ?? payload.orderId,
          value: JSON.stringify(payload),
          headers: {
            [MessageHeaders.messageId]: messageId,
            [MessageHeaders.eventType]: eventType,
            [MessageHeaders.correlationId]: `corr-${payload.orderId}`,
          },
        },
      ],
    });
    return messageId;
  }
}

export function orderCreated(consumerId: string, totalMinor: number) {
  return {
    orderId: randomUUID(),
    consumerId,
    restaurantId: randomUUID(),
    lineItems: [{ menuItemId: 'pizza', name: 'Pizza', quantity: 1, unitPrice: usd(totalMinor) }],
    total: usd(totalMinor),
  };
}

export function grpcClient(port: number): AccountingServiceClient {
  return new (loadAccountingProto().accounting.v1.AccountingService)(`127.0.0.1:${port}`, credentials.createInsecure());
}

/** Promisifies one unary call of the generated client. */
export function call<Req, Res>(
  method: (request: Req, callback: (error: Error | null, response?: Res) => void) => unknown,
  request: Req,
): Promise<Res> {
  return new Promise((resolve, reject) => method(request, (error, response) => (error ? reject(error) : resolve(response as Res))));
}

export interface ReadRecord {
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/** Reads records of a topic with a throwaway group until `enough` says so. */
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
    await pollUntil(`enough records on ${topic}`, async () => (enough(records) ? true : undefined));
  } finally {
    await consumer.disconnect();
  }
  return records;
}
