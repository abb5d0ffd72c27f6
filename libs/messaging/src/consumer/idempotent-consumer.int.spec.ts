import { pollUntil } from '@ftgo/platform';
import { MessageHeaders } from '@ftgo/contracts';
import { readTopic } from '@ftgo/tools';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DeadLetterHeaders } from '../dead-letter/dead-letter-headers';
import { replayDeadLetters } from '../dead-letter/dead-letter-replayer';
import { PermanentError } from '../errors/permanent-error';
import { defineHandler, type MessageHandler } from '../handlers/message-handler';
import {
  committedOffset,
  createTopic,
  effectNotes,
  envelope,
  noteHandler,
  produce,
  testConsumerConfig,
} from '../testing/test-kit';
import { consumerTestBed } from '../testing/consumer-test-bed';
import { deadLetterTopicOf } from './consumer-config';
import type { SettledMessage } from './idempotent-consumer';

describe('IdempotentConsumer against real Kafka and PostgreSQL', () => {
  const bed = consumerTestBed('messaging_consumer');
  const { kafka } = bed;

  const startConsumer = (groupId: string, handlers: MessageHandler[], settled: SettledMessage[] = []) =>
    bed.start({ handlers, config: testConsumerConfig(groupId), onSettled: (message) => void settled.push(message) });

  it('applies a message delivered twice (same message id, produced twice) exactly once', async () => {
    const topic = `dedup-${randomUUID()}`;
    const groupId = `group-${randomUUID()}`;
    await createTopic(kafka, topic);
    const messageId = randomUUID();
    await produce(kafka, topic, [envelope({ note: 'once' }, { messageId }), envelope({ note: 'once' }, { messageId })]);
    const settled: SettledMessage[] = [];
    await startConsumer(groupId, [noteHandler(topic)], settled);

    await pollUntil('both copies settled', async () => settled.length === 2);
    expect(settled.map((s) => s.outcome)).toEqual(['processed', 'duplicate']);
    expect(await effectNotes(bed.dataSource)).toEqual(['once']);
    await pollUntil('offsets committed past both', async () => (await committedOffset(kafka, groupId, topic)) === '2');
  });

  it('dead-letters poison messages with the error and origin in headers, and processes the good ones after them', async () => {
    const topic = `poison-${randomUUID()}`;
    const groupId = `group-${randomUUID()}`;
    await createTopic(kafka, topic);
    const refusing = defineHandler({
      topic,
      eventType: 'Refused',
      schema: z.object({}),
      handle: async () => {
        throw new PermanentError('the business says no');
      },
    });
    const poisonId = randomUUID();
    await produce(kafka, topic, [
      envelope({ note: 'first' }),
      envelope('{not json', { messageId: poisonId }),
      envelope({ note: 42 }),
      envelope({ note: 'x' }, { eventType: 'NobodyHandlesThis' }),
      envelope({}, { eventType: 'Refused' }),
      envelope({ note: 'last' }),
    ]);
    await startConsumer(groupId, [noteHandler(topic), refusing]);

    const dlt = await readTopic(kafka, deadLetterTopicOf(topic, groupId), (records) => records.length >= 4);
    expect(dlt.map((r) => r.headers[DeadLetterHeaders.errorClass])).toEqual([
      'MalformedMessageError',
      'InvalidPayloadError',
      'UnknownEventTypeError',
      'PermanentError',
    ]);
    expect(dlt[0]).toMatchObject({
      key: 'aggregate-1',
      value: '{not json',
      headers: {
        [MessageHeaders.messageId]: poisonId,
        [MessageHeaders.correlationId]: 'correlation-1',
        [DeadLetterHeaders.originalTopic]: topic,
        [DeadLetterHeaders.originalPartition]: '0',
        [DeadLetterHeaders.originalOffset]: '1',
        [DeadLetterHeaders.consumerGroup]: groupId,
      },
    });
    expect(dlt[3].headers[DeadLetterHeaders.errorMessage]).toBe('the business says no');
    await pollUntil('the good messages are processed', async () => (await effectNotes(bed.dataSource)).length === 2);
    expect(await effectNotes(bed.dataSource)).toEqual(['first', 'last']);
    await pollUntil('offsets committed past all six', async () => (await committedOffset(kafka, groupId, topic)) === '6');
  });

  it('processes a dead letter once after the cause is fixed and the DLT is replayed (even twice)', async () => {
    const topic = `replay-${randomUUID()}`;
    const groupId = `group-${randomUUID()}`;
    await createTopic(kafka, topic);
    // Version 1 of the handler wants a number; the producer sends a numeric string.
    const strict = defineHandler({ topic, eventType: 'Paid', schema: z.object({ amount: z.number() }), handle: async () => {} });
    await produce(kafka, topic, [envelope({ amount: '12.50' }, { eventType: 'Paid' })]);
    const first = await startConsumer(groupId, [strict]);
    await readTopic(kafka, deadLetterTopicOf(topic, groupId), (records) => records.length >= 1);
    await first.stop();

    // The fix: version 2 accepts the string, then the dead letter is replayed.
    const fixed = defineHandler({
      topic,
      eventType: 'Paid',
      schema: z.object({ amount: z.coerce.number() }),
      async handle(payload, { manager, message }) {
        await manager.query('INSERT INTO effect (message_id, note) VALUES ($1, $2)', [message.messageId, `paid ${payload.amount}`]);
      },
    });
    const settled: SettledMessage[] = [];
    await startConsumer(groupId, [fixed], settled);
    const dltTopic = deadLetterTopicOf(topic, groupId);
    expect(await replayDeadLetters({ kafka, deadLetterTopic: dltTopic })).toBe(1);
    await pollUntil('the replayed message is processed', async () => settled.length === 1);
    // A second replay from another replay group sends the same message id again: a duplicate.
    expect(await replayDeadLetters({ kafka, deadLetterTopic: dltTopic, replayGroupId: `again-${randomUUID()}` })).toBe(1);
    await pollUntil('the second copy is settled', async () => settled.length === 2);

    expect(settled.map((s) => s.outcome)).toEqual(['processed', 'duplicate']);
    expect(await effectNotes(bed.dataSource)).toEqual(['paid 12.5']);
    expect(await replayDeadLetters({ kafka, deadLetterTopic: dltTopic })).toBe(0);
  });

  it('on stop, finishes the message in hand, commits its offset and starts no other', async () => {
    const topic = `shutdown-${randomUUID()}`;
    const groupId = `group-${randomUUID()}`;
    await createTopic(kafka, topic);
    let markInHandler!: () => void;
    const inHandler = new Promise<void>((resolve) => (markInHandler = resolve));
    const slow = defineHandler({
      ...noteHandler(topic),
      async handle(payload, context) {
        markInHandler();
        await new Promise((resolve) => setTimeout(resolve, 500));
        await noteHandler(topic).handle(payload, context);
      },
    });
    await produce(kafka, topic, [envelope({ note: 'in hand' }), envelope({ note: 'not started' })]);
    const consumer = await startConsumer(groupId, [slow]);

    await inHandler;
    await consumer.stop();

    expect(await effectNotes(bed.dataSource)).toEqual(['in hand']);
    expect(await committedOffset(kafka, groupId, topic)).toBe('1');
  });

  it('handles partitions concurrently but keeps the order of each key', async () => {
    const topic = `order-${randomUUID()}`;
    const groupId = `group-${randomUUID()}`;
    await createTopic(kafka, topic, 3);
    const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
    const messages = Array.from({ length: 10 }, (_, seq) => keys.map((key) => envelope({ note: `${key}${seq}` }, { key })));
    await produce(kafka, topic, messages.flat());
    // The first handler waits (up to 3 s) until a second partition's handler runs beside it:
    // a consumer handling partitions one at a time would never get there.
    let inFlight = 0;
    let mostInFlight = 0;
    let waited = false;
    let markOverlap!: () => void;
    const overlap = new Promise<void>((resolve) => (markOverlap = resolve));
    const overlapping = defineHandler({
      ...noteHandler(topic),
      async handle(payload, context) {
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        if (inFlight >= 2) markOverlap();
        if (!waited) {
          waited = true;
          await Promise.race([overlap, new Promise((resolve) => setTimeout(resolve, 3_000))]);
        }
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
        await noteHandler(topic).handle(payload, context);
        inFlight--;
      },
    });
    await startConsumer(groupId, [overlapping]);

    await pollUntil('all 60 processed', async () => (await effectNotes(bed.dataSource)).length === 60);
    expect(mostInFlight, 'messages handled at the same time').toBeGreaterThanOrEqual(2);
    const notes = await effectNotes(bed.dataSource);
    for (const key of keys) {
      const sequence = notes.filter((note) => note.startsWith(key)).map((note) => Number(note.slice(1)));
      expect(sequence, `order of key ${key}`).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
  });
});
