import { pollUntil } from '@ftgo/platform';
import { MessageHeaders, Topics } from '@ftgo/contracts';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type IHeaders, type KafkaMessage } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newConsumer, orderRequest } from './support/fixtures';
import { request } from '@ftgo/tools';
import { System } from './support/system';

// At-least-once delivery made harmless, seen from outside: a message delivered again has no
// second effect, and a message that can never be processed goes to a dead-letter topic while
// the flow goes on.
describe('duplicate and poison messages on the real topics', () => {
  let system: System;
  const kafka = new Kafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true });
  const order = (path = '') => `${system.url('order-service')}/orders${path}`;

  /** The first message on `topic` for which `match` holds, read with a throw-away consumer group. */
  async function findMessage(topic: string, match: (message: KafkaMessage) => boolean): Promise<KafkaMessage> {
    const consumer = kafka.consumer({ groupId: `e2e-reader-${randomUUID()}`, sessionTimeout: 10_000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    try {
      return await new Promise<KafkaMessage>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching message on ${topic}`)), 30_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            if (!match(message)) return;
            clearTimeout(timer);
            resolve(message);
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
  }

  const header = (headers: IHeaders | undefined, name: string) => headers?.[name]?.toString();

  beforeAll(async () => {
    await producer.connect();
    system = await System.start();
  });

  afterAll(async () => {
    await system?.stop();
    await producer.disconnect();
  });

  it('an OrderCreated delivered twice more (same message-id) creates one ticket and one payment', async () => {
    const created = await request('POST', order(), orderRequest(newConsumer()));
    const orderId = created.body.id;
    await pollUntil('the order to be APPROVED', () => request('GET', order(`/${orderId}`)), { until: (r) => r.body.state === 'APPROVED' });
    const original = await findMessage(Topics.order, (m) => m.key?.toString() === orderId);
    expect(header(original.headers, MessageHeaders.eventType)).toBe('OrderCreated');

    const copy = { key: original.key, value: original.value, headers: original.headers };
    await producer.send({ topic: Topics.order, acks: -1, messages: [copy, copy] });

    // A marker sent after the copies on the same partition (same key) proves they were consumed.
    const revise = await request('POST', order(`/${orderId}/revise`), {
      lineItems: [{ menuItemId: 'chicken-vindaloo', quantity: 3 }],
    });
    expect(revise.status).toBe(202);
    await pollUntil('the order to be APPROVED with the revised total', () => request('GET', order(`/${orderId}`)), { until: (r) => r.body.state === 'APPROVED' && r.body.total.amountMinor === 3 * 1295 });
    const tickets = await request('GET', `${system.url('kitchen-service')}/tickets?orderId=${orderId}`);
    const payments = await request('GET', `${system.url('accounting-service')}/payments?orderId=${orderId}`);
    expect(tickets.body).toHaveLength(1);
    expect(payments.body).toHaveLength(1);
  });

  it('a malformed event goes to each consumer\'s dead-letter topic with the error, and orders keep flowing', async () => {
    const poisonId = randomUUID();
    await producer.send({
      topic: Topics.order,
      acks: -1,
      messages: [
        {
          key: poisonId,
          value: '{"orderId": "not even closed',
          headers: {
            [MessageHeaders.messageId]: poisonId,
            [MessageHeaders.eventType]: 'OrderCreated',
            [MessageHeaders.aggregateType]: 'Order',
            [MessageHeaders.aggregateId]: poisonId,
          },
        },
      ],
    });

    for (const group of ['kitchen-service', 'accounting-service']) {
      const dead = await findMessage(`${Topics.order}.${group}.dlt`, (m) => header(m.headers, MessageHeaders.messageId) === poisonId);
      expect(header(dead.headers, 'dlt-error-message'), group).toBeTruthy();
      expect(header(dead.headers, 'dlt-original-topic'), group).toBe(Topics.order);
    }

    const created = await request('POST', order(), orderRequest(newConsumer()));
    await pollUntil('the order to be APPROVED', () => request('GET', order(`/${created.body.id}`)), { until: (r) => r.body.state === 'APPROVED' });
  });
});
