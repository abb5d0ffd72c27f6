import { MessageHeaders } from '@ftgo/contracts';
import { pollUntil } from '@ftgo/platform';
import { createScratchDatabase, type ScratchDatabase } from '@ftgo/tools';
import { randomUUID } from 'node:crypto';
import { AssignerProtocol, type Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettledMessage } from './idempotent-consumer';
import { ConsumerProcesses } from '../testing/consumer-processes';
import { createTopic, effectNotes, envelope, openDatabase, produce, testKafka } from '../testing/test-kit';

const PARTITIONS = [0, 1, 2, 3];

/** Each member's partitions of `topic`, as the group coordinator assigned them. */
async function assignments(kafka: Kafka, groupId: string, topic: string): Promise<number[][]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    if (groups[0]?.state !== 'Stable') return [];
    return groups[0].members.map(
      ({ memberAssignment }) => AssignerProtocol.MemberAssignment.decode(memberAssignment)?.assignment[topic] ?? [],
    );
  } finally {
    await admin.disconnect();
  }
}

const partitionsOf = (settled: SettledMessage[], ids: Set<string>) =>
  [...new Set(settled.filter((s) => ids.has(s.messageId ?? '')).map((s) => s.partition))].sort((a, b) => a - b);

// Competing consumers: the members of one consumer group share a topic's partitions (each
// partition has exactly one owner at a time), and when a member dies its partitions are handed
// to the survivors, which resume from the last committed offset.
describe('two members of one consumer group on a four-partition topic', () => {
  const kafka = testKafka();
  const topic = `competing-${randomUUID()}`;
  const groupId = `group-${randomUUID()}`;
  let database: ScratchDatabase;
  let dataSource: DataSource;

  const processes = new ConsumerProcesses();
  const startMember = () => processes.start({ DATABASE_URL: database.url, TOPIC: topic, GROUP_ID: groupId });

  /** One message per partition; returns their message ids. */
  async function produceRound(round: string): Promise<Set<string>> {
    const messages = PARTITIONS.map((partition) => ({ ...envelope({ note: `${round}-${partition}` }), partition }));
    await produce(kafka, topic, messages);
    return new Set(messages.map((message) => String(message.headers?.[MessageHeaders.messageId])));
  }

  beforeAll(async () => {
    database = await createScratchDatabase('messaging_competing');
    dataSource = await openDatabase(database.url);
    await createTopic(kafka, topic, PARTITIONS.length);
  });

  afterAll(async () => {
    processes.killAll();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('share the partitions, and the survivor takes over the partitions of a member that was killed', async () => {
    const first = startMember();
    const second = startMember();
    await pollUntil(
      'the group is stable with both members holding partitions',
      async () => {
        const owned = await assignments(kafka, groupId, topic);
        return owned.length === 2 && owned.every((partitions) => partitions.length > 0);
      },
      { timeoutMs: 60_000 },
    );

    const before = await produceRound('before');
    await pollUntil('all four settled', async () => first.settled.length + second.settled.length >= 4, { timeoutMs: 30_000 });
    const firstOwned = partitionsOf(first.settled, before);
    const secondOwned = partitionsOf(second.settled, before);
    expect(firstOwned.length, 'each member consumed some partitions').toBeGreaterThan(0);
    expect(secondOwned.length).toBeGreaterThan(0);
    expect(firstOwned.filter((partition) => secondOwned.includes(partition)), 'no partition had two owners').toEqual([]);
    expect([...firstOwned, ...secondOwned].sort((a, b) => a - b)).toEqual(PARTITIONS);

    // Killed, not stopped: no LeaveGroup, so the coordinator notices only when its session times out.
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const after = await produceRound('after');
    await pollUntil(
      'the survivor settled every message of the second round',
      async () => partitionsOf(second.settled, after).length === PARTITIONS.length,
      { timeoutMs: 60_000 },
    );
    expect(partitionsOf(second.settled, after), 'the dead member’s partitions were handed over').toEqual(PARTITIONS);
    expect(await assignments(kafka, groupId, topic)).toEqual([PARTITIONS]);

    // Whatever the dead member handled but had not committed was redelivered and skipped: once each.
    const notes = await effectNotes(dataSource);
    expect(notes.sort()).toEqual([...PARTITIONS.map((p) => `after-${p}`), ...PARTITIONS.map((p) => `before-${p}`)].sort());

    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  });
});
