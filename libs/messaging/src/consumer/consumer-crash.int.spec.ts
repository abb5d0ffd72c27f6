import { pollUntil } from '@ftgo/platform';
import { createScratchDatabase, type ScratchDatabase } from '@ftgo/tools';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  committedOffset,
  createTopic,
  effectNotes,
  envelope,
  openDatabase,
  produce,
  testKafka,
} from '../testing/test-kit';
import { ConsumerProcesses } from '../testing/consumer-processes';

describe('a consumer process killed between its database commit and its offset commit', () => {
  const kafka = testKafka();
  const topic = `crash-${randomUUID()}`;
  const groupId = `group-${randomUUID()}`;
  let database: ScratchDatabase;
  let dataSource: DataSource;

  const processes = new ConsumerProcesses();
  const startConsumerProcess = (extraEnv: Record<string, string> = {}) =>
    processes.start({ DATABASE_URL: database.url, TOPIC: topic, GROUP_ID: groupId, ...extraEnv });

  beforeAll(async () => {
    database = await createScratchDatabase('messaging_crash');
    dataSource = await openDatabase(database.url);
    await createTopic(kafka, topic);
  });

  afterAll(async () => {
    processes.killAll();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('gets the message again after restart, skips it as a duplicate, and its effect happens once', async () => {
    const first = randomUUID();
    await produce(kafka, topic, [envelope({ note: 'first' }, { messageId: first }), envelope({ note: 'second' })]);

    const doomed = startConsumerProcess({ KILL_AFTER_FIRST_COMMIT: '1' });
    expect(await doomed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(doomed.settled).toMatchObject([{ messageId: first, outcome: 'processed' }]);
    expect(await effectNotes(dataSource)).toEqual(['first']);
    expect(await committedOffset(kafka, groupId, topic), 'no offset was committed before the kill').toBe('-1');

    const restarted = startConsumerProcess();
    await pollUntil('both messages settled', async () => restarted.settled.length === 2, { timeoutMs: 45_000 });
    expect(restarted.settled.map((s) => [s.offset, s.outcome])).toEqual([
      ['0', 'duplicate'],
      ['1', 'processed'],
    ]);

    // SIGTERM: a graceful stop commits what was settled before disconnecting.
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toEqual({ code: 0, signal: null });
    expect(await committedOffset(kafka, groupId, topic)).toBe('2');
    expect(await effectNotes(dataSource)).toEqual(['first', 'second']);
  });
});
