import { type IsolatedInfra, startIsolatedInfra } from '@ftgo/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from './kafka-client';
import { ensureTopics } from './ensure-topics';

// What a first `npm start` or test run does on a fresh broker: every service, the relays and the
// consumers' dead-letter topics create what they need at the same moment, overlapping.
const shared = ['order.events', 'kitchen.ticket.events', 'accounting.payment.events'];
const clients = ['order', 'kitchen', 'accounting', 'order-relay', 'kitchen-relay', 'accounting-relay'];
const topicsOf = (client: string) => [...shared, `order.events.${client}.dlt`, `kitchen.ticket.events.${client}.dlt`];

let infra: IsolatedInfra;

beforeAll(async () => {
  infra = await startIsolatedInfra('ensure-topics', { kafka: true });
});

afterAll(async () => {
  await infra?.dispose();
});

describe('ensureTopics on a fresh broker', () => {
  it('creates overlapping topics from several clients at once, and returns only when every partition has a leader', async () => {
    const brokers = infra.kafka!.brokers;
    await Promise.all(clients.map((client) => ensureTopics(createKafka(`${client}-topics`, brokers), topicsOf(client).map((topic) => ({ topic })))));

    const admin = createKafka('ensure-topics-check', brokers).admin();
    await admin.connect();
    try {
      const expected = [...new Set(clients.flatMap(topicsOf))];
      const { topics } = await admin.fetchTopicMetadata({ topics: expected });
      expect(topics.map((topic) => topic.name).sort()).toEqual(expected.sort());
      for (const topic of topics) {
        expect(topic.partitions, topic.name).toHaveLength(3);
        expect(topic.partitions.every((partition) => partition.leader >= 0), topic.name).toBe(true);
      }
    } finally {
      await admin.disconnect();
    }
  });
});
