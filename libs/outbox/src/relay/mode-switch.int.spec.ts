import { pollUntil } from '@ftgo/platform';
import { createScratchDatabase, type ScratchDatabase } from '@ftgo/tools';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from '../outbox';
import {
  backlogOf,
  openOutboxDatabase,
  payloadOf,
  publishedCount,
  readTopic,
  silentLogger,
  testKafka,
  testRelayConfig,
  uniqueTopic,
  acceptAnyEvent,
} from '../testing/outbox-test-kit';
import type { RelayConfig } from './relay-config';
import { runOutboxRelay } from './run-outbox-relay';

const brokers = process.env.KAFKA_BROKERS ?? '';
const kafka = testKafka(brokers);
const outbox = new Outbox(acceptAnyEvent);
let database: ScratchDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  database = await createScratchDatabase('outbox_mode_switch');
  dataSource = await openOutboxDatabase(database.url);
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

/** Four sessions writing 1–3 events per transaction, each to its own aggregate, until stopped. */
function startWriters(topic: string) {
  const committed: string[] = [];
  let stopping = false;
  const writers = Array.from({ length: 4 }, async (_, writer) => {
    for (let n = 0; !stopping; n++) {
      const events = Array.from({ length: 1 + (n % 3) }, (_, k) => ({
        topic,
        aggregateType: 'Order',
        aggregateId: `order-${writer}`,
        eventType: 'OrderRevised',
        payload: { n: n * 3 + k, tag: 'switch' },
      }));
      committed.push(...(await dataSource.transaction((manager) => outbox.add(manager, events))));
    }
  });
  return {
    committed,
    stop: async () => {
      stopping = true;
      await Promise.all(writers);
    },
  };
}

/** Runs a relay of `mode` until `more` further rows are published, then stops it cleanly. */
async function relayFor(mode: RelayConfig['OUTBOX_RELAY_MODE'], more: number): Promise<void> {
  const relay = await runOutboxRelay(testRelayConfig(database.url, brokers, { OUTBOX_RELAY_MODE: mode, OUTBOX_SLOT_NAME: `slot_${database.name}` }), {
    logger: silentLogger,
  });
  const start = await publishedCount(dataSource);
  await pollUntil(`${more} further rows published by the ${mode} relay`, async () => (await publishedCount(dataSource)) >= start + more, { timeoutMs: 30_000 });
  await relay.stop();
}

describe('switching the relay mode while services keep writing', () => {
  it('polling → log-tailing → polling: every event exactly once, in order per aggregate; the slot is dropped after the switch back', async () => {
    const topic = uniqueTopic('mode-switch');
    const writers = startWriters(topic);
    await relayFor('polling', 150);
    await relayFor('log-tailing', 300);
    await relayFor('polling', 150);
    await writers.stop();
    const last = await runOutboxRelay(testRelayConfig(database.url, brokers), { logger: silentLogger });
    try {
      await pollUntil('no row left unsent', async () => (await backlogOf(dataSource)).pending === 0);
    } finally {
      await last.stop();
    }

    const messages = await readTopic(kafka, topic, (seen) => seen.length >= writers.committed.length);
    // Give a republished message the time to show up, had there been one.
    const settled = await readTopic(kafka, topic, (seen) => seen.length > messages.length, 2_000);
    const ids = settled.map((message) => String(message.headers?.['message-id']));
    expect(ids.length).toBe(writers.committed.length);
    expect([...ids].sort()).toEqual([...writers.committed].sort());
    for (const writer of [0, 1, 2, 3]) {
      const sequence = settled.filter((message) => message.key?.toString() === `order-${writer}`).map((message) => payloadOf(message).n);
      expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
    }
    const slots = await dataSource.query(`SELECT slot_name FROM pg_replication_slots WHERE database = current_database()`);
    expect(slots).toEqual([]);
    expect(await dataSource.query(`SELECT slot_name FROM outbox_log_position`)).toEqual([]);
  });
});
