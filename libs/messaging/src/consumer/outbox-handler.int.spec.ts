import { pollUntil } from '@ftgo/platform';
import { MessageHeaders } from '@ftgo/contracts';
import { Outbox, outboxMigrations } from '@ftgo/outbox';
import { createScratchDatabase, type ScratchDatabase } from '@ftgo/tools';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PermanentError } from '../errors/permanent-error';
import { defineHandler } from '../handlers/message-handler';
import { createTopic, envelope, openDatabase, produce, testConsumerConfig, testKafka } from '../testing/test-kit';
import { IdempotentConsumer, type SettledMessage } from './idempotent-consumer';

describe('a handler that adds outbox events', () => {
  const kafka = testKafka();
  const topic = `outbox-handler-${randomUUID()}`;
  const groupId = `group-${randomUUID()}`;
  // The events here are this test's own, not the catalog's.
  const outbox = new Outbox(() => undefined);
  const failuresLeft = new Map<string, number>();
  let database: ScratchDatabase;
  let dataSource: DataSource;
  let consumer: IdempotentConsumer;

  /** Writes a TicketCreated outbox event, then fails as the payload asks: permanently, or a few times transiently. */
  const createTicket = defineHandler({
    topic,
    eventType: 'OrderCreated',
    schema: z.object({ orderId: z.string(), fail: z.enum(['never', 'permanently', 'twice']) }),
    async handle({ orderId, fail }, { manager, causedBy }) {
      await outbox.add(
        manager,
        causedBy({ topic: 'kitchen.ticket.events', aggregateType: 'Ticket', aggregateId: orderId, eventType: 'TicketCreated', payload: { orderId } }),
      );
      if (fail === 'permanently') throw new PermanentError(`order ${orderId} can never get a ticket`);
      const left = failuresLeft.get(orderId) ?? (fail === 'twice' ? 2 : 0);
      failuresLeft.set(orderId, left - 1);
      if (left > 0) throw new Error('lock timeout (transient)');
    },
  });

  beforeAll(async () => {
    database = await createScratchDatabase('messaging_outbox');
    dataSource = await openDatabase(database.url, outboxMigrations);
    await createTopic(kafka, topic);
  });

  afterAll(async () => {
    await consumer?.stop();
    await dataSource?.destroy();
    await database?.drop();
  });

  async function outboxRowsCausedBy(messageId: string): Promise<{ headers: Record<string, string> }[]> {
    return dataSource.query(`SELECT headers FROM outbox_message WHERE headers->>$1 = $2`, [MessageHeaders.causationId, messageId]);
  }

  async function isMarkedProcessed(messageId: string): Promise<boolean> {
    const rows: unknown[] = await dataSource.query('SELECT 1 FROM processed_message WHERE consumer_group = $1 AND message_id = $2', [
      groupId,
      messageId,
    ]);
    return rows.length === 1;
  }

  it('leaves its events in the outbox exactly when the processed_message row committed, once per message', async () => {
    const cases = { ok: randomUUID(), refused: randomUUID(), flaky: randomUUID() };
    await produce(kafka, topic, [
      envelope({ orderId: 'o-ok', fail: 'never' }, { messageId: cases.ok, eventType: 'OrderCreated' }),
      envelope({ orderId: 'o-refused', fail: 'permanently' }, { messageId: cases.refused, eventType: 'OrderCreated' }),
      envelope({ orderId: 'o-flaky', fail: 'twice' }, { messageId: cases.flaky, eventType: 'OrderCreated' }),
      envelope({ orderId: 'o-ok', fail: 'never' }, { messageId: cases.ok, eventType: 'OrderCreated' }), // redelivery
    ]);
    const settled: SettledMessage[] = [];
    consumer = new IdempotentConsumer({
      kafka,
      dataSource,
      handlers: [createTicket],
      config: testConsumerConfig(groupId),
      onSettled: (message) => void settled.push(message),
    });
    await consumer.start();
    await pollUntil('all four settled', async () => settled.length === 4);

    expect(settled.map((s) => s.outcome)).toEqual(['processed', 'dead-lettered', 'processed', 'duplicate']);
    for (const messageId of Object.values(cases)) {
      const events = await outboxRowsCausedBy(messageId);
      expect(events.length, `outbox events of ${messageId}`).toBe((await isMarkedProcessed(messageId)) ? 1 : 0);
    }
    expect(await isMarkedProcessed(cases.refused)).toBe(false);
    const [okEvent] = await outboxRowsCausedBy(cases.ok);
    expect(okEvent.headers).toMatchObject({
      [MessageHeaders.causationId]: cases.ok,
      [MessageHeaders.correlationId]: 'correlation-1',
      [MessageHeaders.eventType]: 'TicketCreated',
    });
  });
});
