import { pollUntil } from '@ftgo/platform';
import { createScratchDatabase, type ScratchDatabase } from '@ftgo/tools';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettledMessage } from './idempotent-consumer';
import {
  committedOffset,
  createTopic,
  effectNotes,
  envelope,
  openDatabase,
  produce,
  testKafka,
} from '../testing/test-kit';

const fixture = resolve(__dirname, '../testing/consumer-process.ts');

interface ConsumerProcess {
  child: ChildProcess;
  settled: SettledMessage[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

describe('a consumer process killed between its database commit and its offset commit', () => {
  const kafka = testKafka();
  const topic = `crash-${randomUUID()}`;
  const groupId = `group-${randomUUID()}`;
  const pids: number[] = [];
  let database: ScratchDatabase;
  let dataSource: DataSource;

  function startConsumerProcess(extraEnv: Record<string, string> = {}): ConsumerProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
      env: { ...process.env, DATABASE_URL: database.url, TOPIC: topic, GROUP_ID: groupId, ...extraEnv },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    pids.push(child.pid!);
    const settled: SettledMessage[] = [];
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const lines = (buffered + chunk.toString()).split('\n');
      buffered = lines.pop()!;
      for (const line of lines) if (line.startsWith('SETTLED ')) settled.push(JSON.parse(line.slice(8)));
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.once('exit', (code, signal) => done({ code, signal })),
    );
    return { child, settled, exited };
  }

  beforeAll(async () => {
    database = await createScratchDatabase('messaging_crash');
    dataSource = await openDatabase(database.url);
    await createTopic(kafka, topic);
  });

  afterAll(async () => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone: the normal case
      }
    }
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
