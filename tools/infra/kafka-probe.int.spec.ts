import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pollUntil } from '@ftgo/platform';
import { deleteLeftoverProbeTopics, probeTopicRoundTrip } from './kafka';

// The launcher's readiness probe creates and deletes a topic on the broker it started; whatever
// happens in between, the topic must not stay behind on the developer's broker.
describe('the Kafka readiness probe', () => {
  const kafka = new Kafka({ clientId: 'kafka-probe-int-spec', brokers: (process.env.KAFKA_BROKERS ?? '').split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  // A deleted topic leaves the metadata a moment after the controller accepted the deletion.
  const eventuallyGone = (topic: string) =>
    vi.waitFor(async () => expect(await admin.listTopics()).not.toContain(topic), { timeout: 10_000, interval: 100 });
  const probeTopic = () => `infra-probe-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(() => admin.connect());
  afterAll(() => admin.disconnect());

  it('leaves no topic behind when the create step throws after the broker created the topic', async () => {
    const topic = probeTopic();
    // A leader election that times out: the broker has the topic, the client sees an error.
    const electionTimesOut = {
      ...admin,
      createTopics: async (options: Parameters<typeof admin.createTopics>[0]) => {
        // Without waiting for leaders: that wait itself can fail on a busy broker, which is the point.
        await admin.createTopics({ ...options, waitForLeaders: false });
        throw new Error('leader election timed out');
      },
    };

    await expect(probeTopicRoundTrip(electionTimesOut, topic)).rejects.toThrow('leader election timed out');
    await eventuallyGone(topic);
  });

  it('creates and deletes its topic when the broker works, and leaves none behind when an attempt fails', async () => {
    // As the launcher does: a freshly started broker may fail a round trip or two before one passes.
    const topics: string[] = [];
    await pollUntil('a probe round trip', async () => {
      const topic = probeTopic();
      topics.push(topic);
      await probeTopicRoundTrip(admin, topic);
      return true;
    });
    for (const topic of topics) await eventuallyGone(topic);
  });

  it('deletes probe topics an earlier start left behind, and no other topic', async () => {
    const leftover = probeTopic().replace(`-${process.pid}-`, '-1-'); // pid 1 is never ours
    const other = `kafka-probe-int-spec-${Date.now()}`;
    await admin.createTopics({ topics: [{ topic: leftover }, { topic: other }], waitForLeaders: false });
    try {
      await vi.waitFor(async () => expect(await admin.listTopics()).toEqual(expect.arrayContaining([leftover, other])), { timeout: 10_000, interval: 100 });
      expect(await deleteLeftoverProbeTopics(admin)).toContain(leftover);
      await eventuallyGone(leftover);
      expect(await admin.listTopics()).toContain(other);
    } finally {
      await admin.deleteTopics({ topics: [other] });
    }
  });
});
