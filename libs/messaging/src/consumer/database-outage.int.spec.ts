import { pollUntil } from '@ftgo/platform';
import { type IsolatedInfra, startIsolatedInfra } from '@ftgo/tools';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  committedOffset,
  createTopic,
  effectNotes,
  envelope,
  noteHandler,
  openDatabase,
  produce,
  testConsumerConfig,
  retriesOf,
  testKafka,
} from '../testing/test-kit';
import { IdempotentConsumer } from './idempotent-consumer';

describe('the consumer while its database is down', () => {
  const kafka = testKafka();
  const topic = `outage-${randomUUID()}`;
  const groupId = `group-${randomUUID()}`;
  let infra: IsolatedInfra;
  let dataSource: DataSource;
  let consumer: IdempotentConsumer;

  beforeAll(async () => {
    infra = await startIsolatedInfra('messaging-outage', { postgres: true });
    dataSource = await openDatabase(infra.postgres!.databases.order);
    await createTopic(kafka, topic);
  });

  afterAll(async () => {
    await consumer?.stop();
    await dataSource?.destroy();
    await infra?.dispose();
  });

  it('holds the messages, skips none, and processes all of them in order once it is back', async () => {
    consumer = new IdempotentConsumer({ kafka, dataSource, handlers: [noteHandler(topic)], config: testConsumerConfig(groupId) });
    await consumer.start();
    await produce(kafka, topic, [envelope({ note: 'before' })]);
    await pollUntil('the first message is processed', async () => (await effectNotes(dataSource)).length === 1);
    await pollUntil('its offset is committed', async () => (await committedOffset(kafka, groupId, topic)) === '1');

    await infra.stopPostgres();
    const during = ['d1', 'd2', 'd3', 'd4', 'd5'];
    await produce(kafka, topic, during.map((note) => envelope({ note })));
    const retriesBefore = await retriesOf(groupId);
    await pollUntil('the consumer has retried a few times', async () => (await retriesOf(groupId)) >= retriesBefore + 3);
    expect(await committedOffset(kafka, groupId, topic), 'nothing committed past the failing message').toBe('1');

    await infra.startPostgres();
    await pollUntil('all messages are processed', async () => (await effectNotes(dataSource)).length === 6, { timeoutMs: 45_000 });
    expect(await effectNotes(dataSource)).toEqual(['before', ...during]);
    await pollUntil('offsets are committed past all', async () => (await committedOffset(kafka, groupId, topic)) === '6');
  });
});
