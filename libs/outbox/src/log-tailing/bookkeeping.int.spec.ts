import { pollUntil } from '@ftgo/platform';
import { createScratchDatabase, type IsolatedInfra, startIsolatedInfra } from '@ftgo/tools';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBacklog } from '../observability/backlog-query';
import { Outbox } from '../outbox';
import type { OutboxEvent } from '../outbox-event';
import { runOutboxRelay, type RunningRelay } from '../relay/run-outbox-relay';
import { acceptAnyEvent, openOutboxDatabase, readTopic, silentLogger, testKafka, testRelayConfig, uniqueTopic } from '../testing/outbox-test-kit';

const brokers = process.env.KAFKA_BROKERS ?? '';
const kafka = testKafka(brokers);
const outbox = new Outbox(acceptAnyEvent);

const backlog = (dataSource: DataSource) => readBacklog((sql, params) => dataSource.query(sql, params));
const ready = async (relay: RunningRelay) => (await fetch(`http://127.0.0.1:${relay.httpPort}/health/ready`)).status;
const event = (topic: string, aggregate: number, n: number): OutboxEvent => ({
  topic,
  aggregateType: 'Order',
  aggregateId: `order-${aggregate}`,
  eventType: 'OrderRevised',
  payload: { n, tag: 'bookkeeping' },
});
/** The slot streams: the rows written before it are published and the position records it. */
const streaming = (dataSource: DataSource) => async () =>
  (await dataSource.query(`SELECT count(*)::int AS n FROM outbox_log_position WHERE published_snapshot IS NOT NULL`))[0].n === 1;
const idsOf = (messages: Awaited<ReturnType<typeof readTopic>>) => new Set(messages.map((message) => String(message.headers?.['message-id'])));

/** `writers` sessions committing at the same time, 1–3 events per transaction, every 7th transaction rolled back. */
async function writeConcurrently(dataSource: DataSource, topic: string, writers: number, transactions: number): Promise<string[]> {
  const committed: string[][] = await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      const ids: string[] = [];
      for (let n = 0; n < transactions; n++) {
        const events = Array.from({ length: 1 + (n % 3) }, (_, k) => event(topic, writer, n * 3 + k));
        const rollBack = n % 7 === 6;
        const written = await dataSource
          .transaction(async (manager) => {
            const added = await outbox.add(manager, events);
            if (rollBack) throw new Error('roll back');
            return added;
          })
          .catch(() => []);
        ids.push(...written);
      }
      return ids;
    }),
  );
  return committed.flat();
}

describe('log-tailing bookkeeping', () => {
  let database: Awaited<ReturnType<typeof createScratchDatabase>>;
  let dataSource: DataSource;
  let relay: RunningRelay;

  beforeAll(async () => {
    database = await createScratchDatabase('outbox_bookkeeping');
    dataSource = await openOutboxDatabase(database.url);
    relay = await runOutboxRelay(
      testRelayConfig(database.url, brokers, { OUTBOX_RELAY_MODE: 'log-tailing', OUTBOX_SLOT_NAME: `slot_${database.name}`, OUTBOX_HEALTH_MAX_AGE_MS: '3000' }),
      { logger: silentLogger },
    );
    // Rows written before the slot exists are published once from the table (and marked there):
    // these tests are about what comes through the slot.
    await pollUntil('the slot to stream', streaming(dataSource));
  });

  afterAll(async () => {
    await relay?.stop();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('with 8 writers committing at once, reports exactly what is on Kafka (backlog 0, ready) and never writes to an outbox row', async () => {
    const topic = uniqueTopic('bookkeeping');
    const committed = await writeConcurrently(dataSource, topic, 8, 60);
    const messages = await readTopic(kafka, topic, (seen) => idsOf(seen).size >= committed.length);
    expect([...idsOf(messages)].sort()).toEqual([...committed].sort());

    await pollUntil('no row left unsent', async () => (await backlog(dataSource)).pending === 0, { timeoutMs: 15_000 });
    expect(await backlog(dataSource)).toEqual({ pending: 0, failed: 0, oldestUnsentAgeMs: 0 });
    expect(await ready(relay)).toBe(200);
    // xmax stays 0 on a row nobody updated, locked or deleted: the slot position is the bookkeeping.
    const [{ touched }] = await dataSource.query(`SELECT count(*)::int AS touched FROM outbox_message WHERE xmax <> '0'`);
    expect(touched).toBe(0);
  });
});

describe('log-tailing bookkeeping when commits are decoded before they are visible', () => {
  let infra: IsolatedInfra;
  let dataSource: DataSource;
  let relay: RunningRelay;
  let admin: Client;

  beforeAll(async () => {
    infra = await startIsolatedInfra('outbox-bookkeeping', { postgres: true });
    const url = new URL(infra.postgres?.databases.order ?? '');
    url.searchParams.set('application_name', 'outbox_relay_under_test');
    dataSource = await openOutboxDatabase(infra.postgres?.databases.order ?? '');
    relay = await runOutboxRelay(
      testRelayConfig(url.toString(), brokers, { OUTBOX_RELAY_MODE: 'log-tailing', OUTBOX_SLOT_NAME: 'bookkeeping_slot' }),
      { logger: silentLogger },
    );
    await pollUntil('the slot to stream', streaming(dataSource));
    // The relay's stream becomes a synchronous standby: a commit is visible to other sessions only
    // once the relay has confirmed it, i.e. after it published the rows. That is the window logical
    // decoding always has, made as wide as a Kafka round trip.
    admin = new Client({ connectionString: infra.postgres?.adminUrl });
    await admin.connect();
    await admin.query(`ALTER SYSTEM SET synchronous_standby_names = 'outbox_relay_under_test'`);
    await admin.query('SELECT pg_reload_conf()');
    await pollUntil('the relay to be a synchronous standby', async () => (await admin.query(`SELECT 1 FROM pg_stat_replication WHERE sync_state = 'sync'`)).rowCount === 1);
  });

  afterAll(async () => {
    await admin?.query(`ALTER SYSTEM RESET synchronous_standby_names`).catch(() => undefined);
    await admin?.query('SELECT pg_reload_conf()').catch(() => undefined);
    await admin?.end();
    await relay?.stop();
    await dataSource?.destroy();
    await infra?.dispose();
  });

  it('still reaches exactly 0 unsent rows: a row published before its commit was visible is not left behind', async () => {
    const topic = uniqueTopic('bookkeeping-sync');
    const committed = await writeConcurrently(dataSource, topic, 4, 10);
    const messages = await readTopic(kafka, topic, (seen) => idsOf(seen).size >= committed.length);
    expect(idsOf(messages).size).toBe(committed.length);
    await pollUntil('no row left unsent', async () => (await backlog(dataSource)).pending === 0, { timeoutMs: 15_000 });
    expect(await ready(relay)).toBe(200);
  });
});
