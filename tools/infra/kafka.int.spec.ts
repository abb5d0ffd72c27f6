import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { withTimeout } from './process';

/*
 * Proves that the Kafka given by the global setup works with our client, kafkajs 2.2.4, for what the
 * services rely on: an idempotent producer with acks=all, keyed messages with headers, and a consumer
 * group that reads them back and commits its offsets.
 */

interface Message {
  key: string;
  value: string;
  headers: Record<string, string>;
}

function brokers(): string[] {
  const list = process.env.KAFKA_BROKERS?.split(',').filter(Boolean);
  if (!list?.length) throw new Error('KAFKA_BROKERS is not set: the int global setup should provide it');
  return list;
}

const text = (headers: IHeaders | undefined) =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));

// Keys spread the messages over 3 partitions, and Kafka orders only within a partition.
const byKey = (a: Message, b: Message) => a.key.localeCompare(b.key);

describe('Kafka broker', () => {
  it('round-trips key, value and headers from an idempotent acks=all producer to a consumer group', async () => {
    // Failures reach the test as errors; kafkajs's logging of the ones it retries is only noise here.
    const kafka = new Kafka({ clientId: 'kafka-int-spec', brokers: brokers(), logLevel: logLevel.NOTHING });
    // Unique per run, so a topic or group left by a crashed run cannot make this one pass.
    const topic = `int-spec-${process.pid}-${Date.now()}`;
    const groupId = `${topic}-group`;
    const sent: Message[] = [0, 1, 2, 3, 4, 5].map((n) => ({
      key: `order-${n}`,
      value: JSON.stringify({ n }),
      headers: { 'message-id': `id-${n}`, 'event-type': 'OrderCreated' },
    }));

    const admin = kafka.admin();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const consumer = kafka.consumer({ groupId });
    let deleted = false;
    await admin.connect();
    try {
      expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })).toBe(true);

      await producer.connect();
      await producer.send({ topic, acks: -1, messages: sent });

      const received: Message[] = [];
      let allReceived!: () => void;
      const done = new Promise<void>((resolve) => (allReceived = resolve));
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const key = message.key?.toString() ?? '';
          received.push({ key, value: message.value?.toString() ?? '', headers: text(message.headers) });
          if (received.length === sent.length) allReceived();
        },
      });
      await withTimeout(done, 30_000, `consuming ${sent.length} messages from ${topic}`);
      await consumer.disconnect(); // commits the consumed offsets on the way out of the group

      expect([...received].sort(byKey)).toEqual([...sent].sort(byKey));
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      expect(committed.partitions.reduce((sum, p) => sum + Number(p.offset), 0)).toBe(sent.length);

      await admin.deleteTopics({ topics: [topic] });
      deleted = true;
      expect(await admin.listTopics()).not.toContain(topic);
    } finally {
      await Promise.allSettled([producer.disconnect(), consumer.disconnect()]);
      if (!deleted) await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
