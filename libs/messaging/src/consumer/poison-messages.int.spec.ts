import { MessageHeaders } from '@ftgo/contracts';
import { pollUntil } from '@ftgo/platform';
import { readTopic } from '@ftgo/tools';
import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes, type Kafka, type Message } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { DeadLetterHeaders } from '../dead-letter/dead-letter-headers';
import { replayDeadLetters } from '../dead-letter/dead-letter-replayer';
import { recordBatchBytes } from '../dead-letter/record-size';
import { defineHandler } from '../handlers/message-handler';
import {
  committedOffset,
  createTopic,
  effectNotes,
  envelope,
  noteSchema,
  produce,
  testConsumerConfig,
  retriesOf,
} from '../testing/test-kit';
import { consumerTestBed } from '../testing/consumer-test-bed';
import { type ConsumerConfigInput, deadLetterTopicOf } from './consumer-config';
import { consumerMetrics } from './consumer-metrics';
import type { SettledMessage } from './idempotent-consumer';

const MAX_ATTEMPTS = 4;

/** Writes the note and the correlation id, so a value PostgreSQL refuses in either fails the transaction. */
const recordingHandler = (topic: string) =>
  defineHandler({
    topic,
    eventType: 'NoteTaken',
    schema: noteSchema,
    async handle(payload, { manager, message }) {
      if (payload.note === 'explode') throw new Error('a bug in the handler');
      await manager.query('INSERT INTO effect (message_id, note) VALUES ($1, $2)', [message.messageId, payload.note]);
      await manager.query('SELECT $1::text AS correlation', [message.correlationId ?? '']);
    },
  });

const onPartition = (partition: number, message: Message): Message => ({ ...message, partition });

function withHeader(message: Message, name: string, value: string): Message {
  return { ...message, headers: { ...message.headers, [name]: value } };
}

/** What the broker accepts on `topic`: its max.message.bytes (the broker's message.max.bytes unless set). */
async function maxMessageBytes(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['max.message.bytes'] }],
      includeSynonyms: false,
    });
    return Number(resources[0].configEntries[0].configValue);
  } finally {
    await admin.disconnect();
  }
}

describe('poison messages: each class reaches the dead-letter topic, and nothing else waits for it', () => {
  const bed = consumerTestBed('messaging_poison');
  const { kafka } = bed;

  const startConsumer = (topic: string, groupId: string, config: Partial<ConsumerConfigInput> = {}, settled: SettledMessage[] = []) =>
    bed.start({
      handlers: [recordingHandler(topic)],
      catalog: { [topic]: { NoteTaken: noteSchema } },
      config: { ...testConsumerConfig(groupId), retry: { initialDelayMs: 50, maxDelayMs: 400, maxAttempts: MAX_ATTEMPTS }, ...config },
      onSettled: (message) => void settled.push(message),
    });

  it('dead-letters every class on one partition within the retry budget and processes the good messages after them', async () => {
    const topic = `poison-classes-${randomUUID()}`;
    const groupId = `group-${randomUUID()}`;
    await createTopic(kafka, topic, 3);
    const poison = [
      envelope('{"note": "undecodable'),
      envelope({ nope: 1 }),
      envelope({ note: 'NUL \u0000 in a text column' }),
      withHeader(envelope({ note: 'NUL in a header' }), MessageHeaders.correlationId, 'correlation-\u0000-1'),
      envelope({ note: 'x' }, { eventType: 'NoSuchEvent' }),
      envelope({ note: 'explode' }),
    ];
    await produce(kafka, topic, [
      ...[...poison, envelope({ note: 'after the poison' })].map((message) => onPartition(0, message)),
      onPartition(1, envelope({ note: 'partition 1' })),
      onPartition(2, envelope({ note: 'partition 2' })),
    ]);
    await startConsumer(topic, groupId);

    const dlt = await readTopic(kafka, deadLetterTopicOf(topic, groupId), (records) => records.length >= poison.length);
    expect(dlt.map((record) => record.headers[DeadLetterHeaders.errorClass])).toEqual([
      'MalformedMessageError',
      'InvalidPayloadError',
      'QueryFailedError',
      'QueryFailedError',
      'UnknownEventTypeError',
      'Error',
    ]);
    for (const [index, record] of dlt.entries()) {
      expect(record.headers).toMatchObject({
        [DeadLetterHeaders.originalTopic]: topic,
        [DeadLetterHeaders.originalPartition]: '0',
        [DeadLetterHeaders.originalOffset]: String(index),
        [DeadLetterHeaders.consumerGroup]: groupId,
      });
    }
    // Only the handler's unknown error is retried, and only up to the budget; the others go at once.
    expect(dlt.map((record) => record.headers[DeadLetterHeaders.attempts])).toEqual([...Array(5).fill(undefined), String(MAX_ATTEMPTS)]);
    await pollUntil('the good messages are processed', async () => (await effectNotes(bed.dataSource)).length === 3);
    expect((await effectNotes(bed.dataSource)).sort()).toEqual(['after the poison', 'partition 1', 'partition 2']);
    await pollUntil('partition 0 committed past the poison', async () => (await committedOffset(kafka, groupId, topic, 0)) === '7');
  });

  it('lets the other partitions progress while one waits between retries of its message', async () => {
    const topic = `poison-isolation-${randomUUID()}`;
    const groupId = `group-${randomUUID()}`;
    await createTopic(kafka, topic, 3);
    const settled: SettledMessage[] = [];
    await produce(kafka, topic, [onPartition(0, envelope({ note: 'explode' }))]);
    await startConsumer(topic, groupId, { retry: { initialDelayMs: 1_500, maxDelayMs: 1_500, multiplier: 1, maxAttempts: 10 } }, settled);
    await pollUntil('the poison failed once', async () => (await retriesOf(groupId)) >= 1);

    await produce(kafka, topic, [1, 2, 1, 2].map((partition, n) => onPartition(partition, envelope({ note: `healthy ${n}` }))));
    await pollUntil('the healthy partitions settled', async () => settled.filter((s) => s.partition !== 0).length === 4);
    expect(settled.filter((s) => s.partition === 0)).toEqual([]);
    await pollUntil('the poison dead-lettered after its budget', async () => settled.some((s) => s.partition === 0 && s.outcome === 'dead-lettered'), {
      timeoutMs: 40_000,
    });
  });

  it('dead-letters a message that fits its topic but whose copy with the dlt-* headers does not, keeping a reference to the original', async () => {
    const topic = `poison-oversize-${randomUUID()}`;
    const groupId = `group-${randomUUID()}`;
    await createTopic(kafka, topic);
    const limit = await maxMessageBytes(kafka, topic);
    // Within ~100 bytes of the broker's limit: the topic takes it, the headers dead-lettering adds do not fit.
    const sized = (note: string) => envelope({ note }, { eventType: 'NoSuchEvent', messageId: '00000000-0000-4000-8000-000000000000' });
    const overhead = recordBatchBytes({ ...sized(''), headers: sized('').headers as Record<string, string> });
    const oversize = sized('x'.repeat(limit - overhead - 100));
    await produce(kafka, topic, [oversize]);
    await produce(kafka, topic, [envelope({ note: 'after the big one' })]);
    await startConsumer(topic, groupId);

    const [copy] = await readTopic(kafka, deadLetterTopicOf(topic, groupId), (records) => records.length >= 1);
    expect(copy.headers).toMatchObject({
      [DeadLetterHeaders.errorClass]: 'UnknownEventTypeError',
      [DeadLetterHeaders.originalTopic]: topic,
      [DeadLetterHeaders.originalPartition]: '0',
      [DeadLetterHeaders.originalOffset]: '0',
      [DeadLetterHeaders.valueTruncated]: String(Buffer.byteLength(oversize.value as string)),
      [MessageHeaders.messageId]: (oversize.headers as Record<string, string>)[MessageHeaders.messageId],
    });
    expect((oversize.value as string).startsWith(copy.value ?? '-')).toBe(true);
    await pollUntil('the next message is processed', async () => (await effectNotes(bed.dataSource)).includes('after the big one'));
    await pollUntil('the offset committed past both', async () => (await committedOffset(kafka, groupId, topic)) === '2');
    // Its value is incomplete: the replay passes over it instead of sending a different message.
    expect(await replayDeadLetters({ kafka, deadLetterTopic: deadLetterTopicOf(topic, groupId) })).toBe(0);
  });

  it('reports the lag from the broker and the partition as stuck while its message keeps failing for a passing reason', async () => {
    const topic = `poison-stuck-${randomUUID()}`;
    const groupId = `group-${randomUUID()}`;
    await createTopic(kafka, topic);
    const consumer = await bed.start({
      handlers: [
        defineHandler({
          topic,
          eventType: 'NoteTaken',
          schema: noteSchema,
          handle: async () => {
            throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
          },
        }),
      ],
      config: { ...testConsumerConfig(groupId), stuckAfterRetries: 3, lagIntervalMs: 200 },
    });
    await produce(kafka, topic, [1, 2, 3, 4, 5].map((n) => envelope({ note: `n${n}` })));

    const lagOf = async () =>
      (await consumerMetrics.lag.get()).values.find((v) => v.labels.group === groupId && v.labels.partition === '0')?.value;
    await pollUntil('the lag gauge shows the five waiting messages', async () => (await lagOf()) === 5);
    await pollUntil('the partition is reported stuck', async () => consumer.stuckPartitions().length === 1);
    expect(consumer.stuckPartitions()[0]).toMatchObject({ topic, partition: 0, offset: '0', error: 'connect ECONNREFUSED 127.0.0.1:1' });
    expect(consumer.stuckPartitions()[0].attempts).toBeGreaterThanOrEqual(3);
  });
});
