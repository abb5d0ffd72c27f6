import { Logger } from '@nestjs/common';
import { type Admin, type EachMessagePayload, type Kafka, Partitioners } from 'kafkajs';
import { decodeHeaders } from '../envelope/incoming-message';
import { DeadLetterHeaders, withoutDeadLetterHeaders } from './dead-letter-headers';

export interface ReplayOptions {
  kafka: Kafka;
  deadLetterTopic: string;
  /** Remembers how far the replays got, so running the tool twice does not send a message twice. */
  replayGroupId?: string;
}

/** Per partition, the offset after which the replay is done: the end of the topic when it started. */
async function partitionsToReplay(admin: Admin, topic: string, groupId: string): Promise<Map<number, bigint>> {
  if (!(await admin.listTopics()).includes(topic)) throw new Error(`topic ${topic} does not exist`);
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const remaining = new Map<number, bigint>();
  for (const { partition, high, low } of ends) {
    const position = committed.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
    const start = BigInt(position === '-1' ? low : position);
    if (start < BigInt(high)) remaining.set(partition, BigInt(high));
  }
  return remaining;
}

/**
 * Sends every dead letter present when it starts back to its original topic, with its original
 * key, value and headers (the message id among them, so a copy the consumer already handled is
 * skipped as a duplicate), then stops. Run it after fixing what made the messages fail. A copy
 * whose value was truncated to fit the DLT is passed over with a warning naming the original's offset.
 */
export async function replayDeadLetters({ kafka, deadLetterTopic, replayGroupId }: ReplayOptions): Promise<number> {
  const groupId = replayGroupId ?? `${deadLetterTopic}.replay`;
  const logger = new Logger('DeadLetterReplay');
  const admin = kafka.admin();
  await admin.connect();
  const remaining = await partitionsToReplay(admin, deadLetterTopic, groupId).finally(() => admin.disconnect());
  if (remaining.size === 0) return 0;

  // The same partitioner as the outbox relay: a replayed message lands on its key's partition again.
  const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 500 });
  let replayed = 0;
  let finish!: () => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<void>((resolve, reject) => ((finish = resolve), (fail = reject)));
  const replayOne = async ({ topic, partition, message }: EachMessagePayload) => {
    const headers = decodeHeaders(message.headers);
    const target = headers[DeadLetterHeaders.originalTopic];
    if (!target) throw new Error(`${topic}[${partition}]@${message.offset} has no ${DeadLetterHeaders.originalTopic} header`);
    if (headers[DeadLetterHeaders.valueTruncated]) {
      // Its value is only the first bytes of the original: sending it would be a different message.
      logger.warn(
        `not replayed: ${topic}[${partition}]@${message.offset} holds a truncated copy; the original is ` +
          `${target}[${headers[DeadLetterHeaders.originalPartition]}]@${headers[DeadLetterHeaders.originalOffset]}`,
      );
    } else {
      await producer.send({
        topic: target,
        acks: -1,
        messages: [{ key: message.key, value: message.value, headers: withoutDeadLetterHeaders(headers) }],
      });
      replayed++;
    }
    const next = BigInt(message.offset) + 1n;
    await consumer.commitOffsets([{ topic, partition, offset: next.toString() }]);
    if (next >= (remaining.get(partition) ?? 0n)) remaining.delete(partition);
    if (remaining.size === 0) finish();
  };
  consumer.on(consumer.events.CRASH, ({ payload }) => fail(payload.error));
  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: [deadLetterTopic], fromBeginning: true });
    // Rethrown so that kafkajs never moves past a message that was not replayed.
    const eachMessage = (payload: EachMessagePayload) => replayOne(payload).catch((error: unknown) => (fail(error), Promise.reject(error)));
    await consumer.run({ autoCommit: false, eachMessage });
    await done;
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
  logger.log(`replayed ${replayed} messages from ${deadLetterTopic}`);
  return replayed;
}
