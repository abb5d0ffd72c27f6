// The fault tests both relay modes must pass; polling-faults.int.spec.ts and log-tailing-faults.int.spec.ts run it.
import { pollUntil } from '@ftgo/platform';
import type { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { Outbox } from '../outbox';
import type { RelayConfig } from '../relay/relay-config';
import {
  acceptAnyEvent,
  type CreateDatabase,
  numberedEvents,
  openOutboxDatabase,
  publishedCount,
  readTopic,
  sequencesByKey,
  testKafka,
  testRelayConfig,
  uniqueTopic,
  writeEvents,
} from './outbox-test-kit';
import { type RelayProcess, spawnRelay } from './relay-process';

const EVENTS = 1_500;
const AGGREGATES = 30;
const BATCH = 50;

/** Two halves; each aggregate's earlier events are in the first, as numberedEvents cycles through the aggregates. */
const halves = <T>(events: T[]): [T[], T[]] => [events.slice(0, events.length / 2), events.slice(events.length / 2)];

export function relayFaultSuite(mode: RelayConfig['OUTBOX_RELAY_MODE'], createScratchDatabase: CreateDatabase): void {
  const brokers = process.env.KAFKA_BROKERS ?? '';
  const kafka = testKafka(brokers);
  const outbox = new Outbox(acceptAnyEvent);
  const add = outbox.add.bind(outbox);
  const started: RelayProcess[] = [];
  // Log-tailing publishes from the stream only once it runs; before that, on the slot's first
  // start, rows already written are published from the table (and may come again from the stream).
  const ready = mode === 'polling' ? 'active relay' : 'streaming from the slot';
  let database: Awaited<ReturnType<CreateDatabase>>;
  let dataSource: DataSource;
  let config: RelayConfig;

  const relay = () => {
    const process = spawnRelay(config);
    started.push(process);
    return process;
  };
  const sentCount = () => publishedCount(dataSource);

  /** Every event arrived; per aggregate, first deliveries are in order; returns the duplicate count. */
  async function expectAllDeliveredInOrder(topic: string, total: number): Promise<number> {
    const messages = await readTopic(kafka, topic, (seen) => new Set(seen.map((m) => m.value?.toString() + String(m.key))).size >= total);
    const byKey = sequencesByKey(messages);
    expect(byKey.size).toBe(AGGREGATES);
    for (const [, sequence] of byKey) {
      expect(sequence).toEqual(Array.from({ length: total / AGGREGATES }, (_, n) => n));
    }
    return messages.length - total;
  }

  beforeAll(async () => {
    database = await createScratchDatabase(`outbox_faults_${mode.replace('-', '_')}`);
    dataSource = await openOutboxDatabase(database.url);
    config = testRelayConfig(database.url, brokers, {
      OUTBOX_RELAY_MODE: mode,
      OUTBOX_BATCH_SIZE: String(BATCH),
      OUTBOX_SLOT_NAME: `slot_${database.name}`,
    });
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((process) => process.kill('SIGKILL')));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it(`${mode}: a relay SIGKILLed mid-batch and restarted delivers every event, in order per aggregate, duplicating at most the in-flight batch`, async () => {
    const topic = uniqueTopic(`kill-${mode}`);
    const first = relay();
    await first.waitForLog(ready);
    // The second half is written only after the kill: a fast relay could otherwise drain all
    // of it before the kill lands, and the restart would have nothing left to prove.
    const [firstHalf, secondHalf] = halves(numberedEvents(topic, EVENTS, AGGREGATES));
    await writeEvents(dataSource, add, firstHalf, 20);
    await pollUntil('200 rows sent', async () => (await sentCount()) >= 200, { intervalMs: 10 });
    await first.kill('SIGKILL');
    await writeEvents(dataSource, add, secondHalf, 20);
    expect(await sentCount()).toBeLessThan(EVENTS);

    relay(); // the restarted relay
    await pollUntil('every row sent', async () => (await sentCount()) === EVENTS, { timeoutMs: 45_000 });
    const duplicates = await expectAllDeliveredInOrder(topic, EVENTS);
    // Polling repeats at most the one uncommitted batch; log-tailing the rows after the last confirmed
    // position (whole transactions, so the bound is a little looser).
    expect(duplicates).toBeLessThanOrEqual(mode === 'polling' ? BATCH : 2 * BATCH + 20);
  });

  it(`${mode}: with two relays on one database only one publishes; the standby takes over when the active one is killed`, async () => {
    const topic = uniqueTopic(`failover-${mode}`);
    const active = relay();
    await active.waitForLog(ready);
    const standby = relay();
    await standby.waitForLog('standing by for the leader lock');
    await writeEvents(dataSource, add, numberedEvents(topic, 600, AGGREGATES), 20);
    await pollUntil('100 more rows sent', async () => (await sentCount()) >= EVENTS + 100, { intervalMs: 10 });
    expect(standby.logs.some((line) => line.message === 'active relay')).toBe(false);

    await active.kill('SIGKILL');
    await standby.waitForLog(ready, 30_000);
    await writeEvents(dataSource, add, numberedEvents(topic, 600, AGGREGATES).map((e) => ({ ...e, payload: { ...e.payload, n: Number(e.payload.n) + 20 } })), 20);
    await pollUntil('every row sent', async () => (await sentCount()) === EVENTS + 1_200, { timeoutMs: 45_000 });
    await expectAllDeliveredInOrder(topic, 1_200);
  });
}
