import { pollUntil } from '@ftgo/platform';
import { createScratchDatabase, type ScratchDatabase } from '@ftgo/tools';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relayMetrics } from '../observability/relay-metrics';
import { Outbox } from '../outbox';
import { COVERED } from '../schema/log-position';
import {
  backlogOf,
  numberedEvents,
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

/** Messages Kafka acknowledged to the relays of this process, in `mode` or in either. */
async function acknowledged(mode?: RelayConfig['OUTBOX_RELAY_MODE']): Promise<number> {
  const { values } = await relayMetrics.published.get();
  return values.filter((value) => mode === undefined || value.labels.mode === mode).reduce((sum, value) => sum + value.value, 0);
}

describe('switching the relay mode while services keep writing', () => {
  it('polling → log-tailing → polling: every event exactly once, in order per aggregate; the slot is dropped after the switch back', async () => {
    const topic = uniqueTopic('mode-switch');
    const before = await acknowledged();
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

    // Every relay ran in this process and has stopped: what Kafka acknowledged to them is final.
    expect((await acknowledged()) - before).toBe(writers.committed.length);
    const messages = await readTopic(kafka, topic, (seen) => seen.length >= writers.committed.length);
    const ids = messages.map((message) => String(message.headers?.['message-id']));
    expect([...ids].sort()).toEqual([...writers.committed].sort());
    for (const writer of [0, 1, 2, 3]) {
      const sequence = messages.filter((message) => message.key?.toString() === `order-${writer}`).map((message) => payloadOf(message).n);
      expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
    }
    const slots = await dataSource.query(`SELECT slot_name FROM pg_replication_slots WHERE database = current_database()`);
    expect(slots).toEqual([]);
    expect(await dataSource.query(`SELECT slot_name FROM outbox_log_position`)).toEqual([]);
  });
});

/** The real client, whose producers hold the second batch sent to `topic` until released. */
function holdingSecondBatch(real: Kafka, topic: string) {
  let reached = () => undefined as void;
  const held = new Promise<void>((resolve) => (reached = resolve));
  let release = () => undefined as void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let batches = 0;
  const gated: Kafka = Object.create(real);
  gated.producer = (config) => {
    const producer = real.producer(config);
    const sendBatch = producer.sendBatch.bind(producer);
    producer.sendBatch = async (batch) => {
      if (batch.topicMessages?.some((messages) => messages.topic === topic) && ++batches === 2) {
        reached();
        await released;
      }
      return sendBatch(batch);
    };
    return producer;
  };
  return { kafka: gated, held, release };
}

describe('stopping log-tailing between two batches of one transaction', () => {
  it('publishes the rest of the transaction before it stops, so the switch to polling republishes none of it', async () => {
    const scratch = await createScratchDatabase('outbox_split_stop');
    const source = await openOutboxDatabase(scratch.url);
    try {
      const topic = uniqueTopic('split-stop');
      const gate = holdingSecondBatch(kafka, topic);
      const tailing = await runOutboxRelay(
        testRelayConfig(scratch.url, brokers, { OUTBOX_RELAY_MODE: 'log-tailing', OUTBOX_SLOT_NAME: `slot_${scratch.name}`, OUTBOX_BATCH_SIZE: '5' }),
        { kafka: gate.kafka, logger: silentLogger },
      );
      await pollUntil('the slot to stream', async () => (await source.query(`SELECT 1 FROM outbox_log_position WHERE published_snapshot IS NOT NULL`)).length === 1);
      // Twelve rows, batches of five: the stop lands while rows 6–10 are with Kafka.
      await source.transaction((manager) => outbox.add(manager, numberedEvents(topic, 12, 1)));
      await gate.held;
      const stopped = tailing.stop();
      gate.release();
      await stopped;

      const [{ uncovered }] = await source.query(`SELECT count(*)::int AS uncovered FROM outbox_message m, outbox_log_position p WHERE NOT ${COVERED}`);
      expect(uncovered).toBe(0);
      const before = await acknowledged('polling');
      const polling = await runOutboxRelay(testRelayConfig(scratch.url, brokers), { logger: silentLogger });
      try {
        await pollUntil(
          'the log position retired and no row left unsent',
          async () => (await source.query(`SELECT 1 FROM outbox_log_position`)).length === 0 && (await backlogOf(source)).pending === 0,
        );
      } finally {
        await polling.stop();
      }
      expect(await acknowledged('polling')).toBe(before);
      const messages = await readTopic(kafka, topic, (seen) => seen.length >= 12);
      expect(messages.map((message) => payloadOf(message).n)).toEqual(Array.from({ length: 12 }, (_, n) => n));
    } finally {
      await source.destroy();
      await scratch.drop();
    }
  });
});
