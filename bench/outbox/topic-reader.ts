// The outside consumer: reads back what a contender published and times it by the broker's clock.
import { randomUUID } from 'node:crypto';
import { ensureTopics, pollUntil } from '@ftgo/platform';
import { type Admin, type Kafka, type KafkaMessage, logLevel } from 'kafkajs';

/**
 * Three partitions, and `LogAppendTime`: the broker stamps each batch when it appends it, so the
 * drain is timed by when the messages reached Kafka, not by how fast this process could read them
 * while sharing two cores with the contender.
 */
export async function createMeasuredTopic(kafka: Kafka, topic: string): Promise<void> {
  await ensureTopics(kafka, [{ topic, numPartitions: 3, configEntries: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }] }]);
}

export async function messagesIn(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
}

export async function waitForMessages(admin: Admin, topic: string, count: number, timeoutMs: number): Promise<void> {
  // Right after the topic was created, metadata can still name no leader: pollUntil asks again.
  await pollUntil(`${count} messages on ${topic}`, async () => (await messagesIn(admin, topic)) >= count, { timeoutMs, intervalMs: 25 });
}

export interface DrainReading {
  /** Broker append time of the first and the last batch (epoch ms). */
  first: number;
  last: number;
  /** Messages appended after the first batch: what the first-to-last interval carried. */
  afterFirst: number;
  distinct: number;
  duplicates: number;
  /** Messages of one key whose `n` went backwards: must be 0. */
  outOfOrder: number;
}

/** Reads the whole topic from the start and checks every message arrived once, in order per key. */
export async function readDrain(kafka: Kafka, topic: string, count: number): Promise<DrainReading> {
  const consumer = kafka.consumer({ groupId: `bench-reader-${randomUUID()}`, maxBytes: 16 * 1024 * 1024 });
  const timestamps: number[] = [];
  const ids = new Set<string>();
  const lastN = new Map<string, number>();
  let outOfOrder = 0;
  let seen = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${topic}: read ${seen} of ${count}`)), 120_000);
      void consumer.run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            seen++;
            timestamps.push(Number(message.timestamp));
            ids.add(String(message.headers?.['message-id'] ?? `${message.key}:${message.offset}`));
            const key = String(message.key);
            const n = (JSON.parse(String(message.value)) as { n: number }).n;
            if (n < (lastN.get(key) ?? -1)) outOfOrder++;
            lastN.set(key, Math.max(n, lastN.get(key) ?? -1));
          }
          if (seen >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  const first = Math.min(...timestamps);
  const last = Math.max(...timestamps);
  return {
    first,
    last,
    afterFirst: timestamps.filter((at) => at > first).length,
    distinct: ids.size,
    duplicates: seen - ids.size,
    outOfOrder,
  };
}

export interface LatencyConsumerOptions {
  /** What to file each arrival under; by default its message id. `undefined` skips the message. */
  keyOf?: (message: KafkaMessage) => string | undefined;
  /** From the topic's start (the default) or only what is appended after the group joined. */
  fromBeginning?: boolean;
}

/** A live consumer for the latency runs: when each message arrived (performance.now()), by key. */
export async function startLatencyConsumer(
  kafka: Kafka,
  topic: string,
  { keyOf = (message) => String(message.headers?.['message-id']), fromBeginning = true }: LatencyConsumerOptions = {},
): Promise<{ arrivals: Map<string, number>; stop(): Promise<void> }> {
  const consumer = kafka.consumer({ groupId: `bench-latency-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const arrivals = new Map<string, number>();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  void consumer.run({
    eachMessage: async ({ message }) => {
      const key = keyOf(message);
      if (key !== undefined) arrivals.set(key, performance.now());
    },
  });
  await pollUntil('the latency consumer to join its group', () => joined, { intervalMs: 20 });
  return { arrivals, stop: () => consumer.disconnect() };
}

export const quietLog = { logLevel: logLevel.NOTHING };
