import { MessageHeaders, Topics } from '@ftgo/contracts';
import { randomUUID } from 'node:crypto';
import { createScratchDatabase, type ScratchDatabase } from '@ftgo/tools';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidOutboxEventError, Outbox, OutboxTransactionError } from './outbox';
import { runOutboxRelay, type RunningRelay } from './relay/run-outbox-relay';
import { acceptAnyEvent, openOutboxDatabase, readTopic, silentLogger, testKafka, testRelayConfig, uniqueTopic } from './testing/outbox-test-kit';

const brokers = process.env.KAFKA_BROKERS ?? '';
const kafka = testKafka(brokers);
const outbox = new Outbox(acceptAnyEvent);
let database: ScratchDatabase;
let dataSource: DataSource;
let relay: RunningRelay;

beforeAll(async () => {
  database = await createScratchDatabase('outbox_add');
  dataSource = await openOutboxDatabase(database.url);
  relay = await runOutboxRelay(testRelayConfig(database.url, brokers), { logger: silentLogger });
});

afterAll(async () => {
  await relay?.stop();
  await dataSource?.destroy();
  await database?.drop();
});

describe('outbox.add', () => {
  it('refuses to write outside a transaction, so an event can never outlive a rollback', async () => {
    const event = { topic: uniqueTopic('x'), aggregateType: 'Order', aggregateId: '1', eventType: 'E', payload: {} };
    await expect(outbox.add(dataSource.manager, event)).rejects.toBeInstanceOf(OutboxTransactionError);
  });

  it('rejects an invalid event with a readable error and writes nothing', async () => {
    const bad = { topic: 'bad topic!', aggregateType: 'Order', aggregateId: '', eventType: 'E', payload: {} };
    await expect(dataSource.transaction((manager) => outbox.add(manager, bad))).rejects.toThrow(/topic[\s\S]*aggregateId/);
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM outbox_message`);
    expect(count).toBe(0);
  });

  it('validates every event against the event catalog: an invalid one fails the producer\'s transaction and writes nothing', async () => {
    const catalogued = new Outbox();
    const rejected = (reason: string) => ({
      topic: Topics.order,
      aggregateType: 'Order',
      aggregateId: randomUUID(),
      eventType: 'OrderRejected',
      payload: { orderId: randomUUID(), reason },
    });
    const unknownType = { ...rejected('no'), eventType: 'OrderVanished' };
    const countRows = async () => (await dataSource.query(`SELECT count(*)::int AS count FROM outbox_message`))[0].count;
    const before = await countRows();

    const writeInvalid = dataSource.transaction(async (manager) => {
      await manager.query('SELECT 1');
      await catalogued.add(manager, [rejected('fits'), rejected('x'.repeat(528))]);
    });
    await expect(writeInvalid).rejects.toBeInstanceOf(InvalidOutboxEventError);
    await expect(writeInvalid).rejects.toThrow(/OrderRejected .*reason/);
    await expect(dataSource.transaction((manager) => catalogued.add(manager, unknownType))).rejects.toThrow(/OrderVanished/);
    expect(await countRows()).toBe(before);

    // A valid one is written; rolled back so that the relay running here never publishes it.
    const rollback = new Error('rollback');
    const writeValid = dataSource.transaction(async (manager) => {
      await catalogued.add(manager, rejected('x'.repeat(500)));
      expect((await manager.query(`SELECT count(*)::int AS count FROM outbox_message`))[0].count).toBe(before + 1);
      throw rollback;
    });
    await expect(writeValid).rejects.toBe(rollback);
  });

  it('rolled back business transaction: no row and no message; committed one: exactly its message with key and headers', async () => {
    const topic = uniqueTopic('add');
    const event = (aggregateId: string) => ({
      topic,
      aggregateType: 'Order',
      aggregateId,
      eventType: 'OrderCreated',
      payload: { orderId: aggregateId },
      correlationId: 'corr-1',
      causationId: 'cause-1',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    });
    await expect(
      dataSource.transaction(async (manager) => {
        await outbox.add(manager, event('rolled-back'));
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const [id] = await dataSource.transaction((manager) => outbox.add(manager, event('committed')));

    // The committed event comes after the rolled-back one would have: reading up to it proves the other never came.
    const messages = await readTopic(kafka, topic, (seen) => seen.length >= 1);
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message.key?.toString()).toBe('committed');
    expect(JSON.parse(message.value?.toString() ?? '')).toEqual({ orderId: 'committed' });
    const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString()]));
    expect(headers).toMatchObject({
      [MessageHeaders.messageId]: id,
      [MessageHeaders.eventType]: 'OrderCreated',
      [MessageHeaders.aggregateType]: 'Order',
      [MessageHeaders.aggregateId]: 'committed',
      [MessageHeaders.correlationId]: 'corr-1',
      [MessageHeaders.causationId]: 'cause-1',
      [MessageHeaders.traceparent]: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    });
    expect(new Date(headers[MessageHeaders.occurredAt] ?? '').getTime()).not.toBeNaN();
    const rows = await dataSource.query(`SELECT aggregate_id, status FROM outbox_message`);
    expect(rows).toEqual([{ aggregate_id: 'committed', status: 'sent' }]);
  });
});
