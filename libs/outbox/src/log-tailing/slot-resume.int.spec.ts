import { pollUntil } from '@ftgo/platform';
import { createScratchDatabase, type ScratchDatabase } from '@ftgo/tools';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from '../outbox';
import { runOutboxRelay } from '../relay/run-outbox-relay';
import {
  backlogOf,
  acceptAnyEvent,
  numberedEvents,
  openOutboxDatabase,
  payloadOf,
  readTopic,
  silentLogger,
  testKafka,
  testRelayConfig,
  uniqueTopic,
  writeEvents,
} from '../testing/outbox-test-kit';

const brokers = process.env.KAFKA_BROKERS ?? '';
const kafka = testKafka(brokers);
const outbox = new Outbox(acceptAnyEvent);
const add = outbox.add.bind(outbox);
let database: ScratchDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  database = await createScratchDatabase('outbox_slot_resume');
  dataSource = await openOutboxDatabase(database.url);
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

const unsent = async () => (await backlogOf(dataSource)).pending;

describe('log-tailing relay restart', () => {
  it('resumes from the slot: rows written while it was stopped are published, rows confirmed before are not repeated', async () => {
    const config = testRelayConfig(database.url, brokers, { OUTBOX_RELAY_MODE: 'log-tailing', OUTBOX_SLOT_NAME: `slot_${database.name}` });
    const topic = uniqueTopic('slot-resume');
    const events = numberedEvents(topic, 60, 3);

    const first = await runOutboxRelay(config, { logger: silentLogger });
    await writeEvents(dataSource, add, events.slice(0, 30));
    await pollUntil('every row sent', async () => (await unsent()) === 0);
    await first.stop();
    const [slot] = await dataSource.query(`SELECT active, confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1`, [config.OUTBOX_SLOT_NAME]);
    expect(slot.active).toBe(false);

    // Written while no relay runs: only the slot remembers them.
    await writeEvents(dataSource, add, events.slice(30));
    const second = await runOutboxRelay(config, { logger: silentLogger });
    try {
      await pollUntil('every row sent', async () => (await unsent()) === 0);
      const messages = await readTopic(kafka, topic, (seen) => seen.length >= 60);
      // The slot is confirmed once Kafka acknowledged the rows: wait for it to move past where the first relay left it.
      const confirmedLsn = async () => (await dataSource.query(`SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1`, [config.OUTBOX_SLOT_NAME]))[0].lsn;
      const after = { lsn: await pollUntil('the slot to be confirmed past the first run', confirmedLsn, { until: (lsn) => lsn !== slot.lsn }) };
      expect(messages).toHaveLength(60);
      for (const key of ['order-0', 'order-1', 'order-2']) {
        const sequence = messages.filter((message) => message.key?.toString() === key).map((message) => payloadOf(message).n);
        expect(sequence).toEqual(Array.from({ length: 20 }, (_, n) => n));
      }
      expect(after.lsn).not.toBe(slot.lsn);
    } finally {
      await second.stop();
    }
  });
});
