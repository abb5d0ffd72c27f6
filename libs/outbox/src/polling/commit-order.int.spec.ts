import { pollUntil } from '@ftgo/platform';
import { createScratchDatabase, type ScratchDatabase } from '@ftgo/tools';
import type { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from '../outbox';
import { runOutboxRelay, type RunningRelay } from '../relay/run-outbox-relay';
import { acceptAnyEvent, openOutboxDatabase, payloadOf, readTopic, silentLogger, testKafka, testRelayConfig, uniqueTopic } from '../testing/outbox-test-kit';

const brokers = process.env.KAFKA_BROKERS ?? '';
const kafka = testKafka(brokers);
const outbox = new Outbox(acceptAnyEvent);
let database: ScratchDatabase;
let dataSource: DataSource;
let relay: RunningRelay;

const event = (topic: string, n: number) => ({ topic, aggregateType: 'Order', aggregateId: 'order-1', eventType: 'OrderRevised', payload: { n, tag: 't' } });
const statusOf = async (id: string) => (await dataSource.query(`SELECT status FROM outbox_message WHERE id = $1`, [id]))[0].status;
const databaseNow = async (): Promise<string> => (await dataSource.query('SELECT clock_timestamp()::text AS now'))[0].now;

/**
 * Waits until the relay has started a claim after `moment` (the claim statement's start, from
 * pg_stat_activity): whatever committed before `moment` was in that claim's snapshot, so the
 * relay has had its chance to publish it if the watermark let it.
 */
const aClaimAfter = (moment: string) =>
  pollUntil('a claim by the relay after the commit', async () => {
    const [{ claims }] = await dataSource.query(
      `SELECT count(*)::int AS claims FROM pg_stat_activity
       WHERE datname = current_database() AND query LIKE 'WITH snap AS MATERIALIZED%' AND query_start > $1::timestamptz`,
      [moment],
    );
    return claims > 0;
  });

/** Both sent: the relay commits its UPDATE just after Kafka acknowledged, so wait for it. */
const bothSent = (a: string, b: string) => pollUntil('both rows sent', async () => (await statusOf(a)) === 'sent' && (await statusOf(b)) === 'sent');

/** Opens a transaction that has written its event (or, without `n`, only taken its xid) but not committed. */
async function openTransaction(topic: string, n?: number) {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  await runner.query('SELECT pg_current_xact_id()');
  const write = async (value: number) => (await outbox.add(runner.manager, event(topic, value)))[0];
  const id = n === undefined ? '' : await write(n);
  const finish = async (how: 'commit' | 'rollback') => {
    unfinished.delete(finish);
    await (how === 'commit' ? runner.commitTransaction() : runner.rollbackTransaction());
    await runner.release();
  };
  unfinished.add(finish);
  return { id, write, finish };
}

/** A failed test's open transactions would hold the relay back for the next tests: roll them back. */
const unfinished = new Set<(how: 'rollback') => Promise<void>>();
afterEach(async () => {
  await Promise.all([...unfinished].map((finish) => finish('rollback')));
});

beforeAll(async () => {
  database = await createScratchDatabase('outbox_commit_order');
  dataSource = await openOutboxDatabase(database.url);
  relay = await runOutboxRelay(testRelayConfig(database.url, brokers), { logger: silentLogger });
});

afterAll(async () => {
  await relay?.stop();
  await dataSource?.destroy();
  await database?.drop();
});

describe('polling relay and transactions that commit out of sequence order', () => {
  it('holds back a row committed first until the older transaction ends, then publishes both in sequence order, skipping none', async () => {
    const topic = uniqueTopic('commit-order');
    const older = await openTransaction(topic, 0); // lower sequence, commits last
    const younger = await openTransaction(topic, 1);
    await younger.finish('commit');
    await aClaimAfter(await databaseNow());
    expect(await statusOf(younger.id)).toBe('pending');

    await older.finish('commit');
    const messages = await readTopic(kafka, topic, (seen) => seen.length >= 2);
    expect(messages.map((message) => payloadOf(message).n)).toEqual([0, 1]);
    await bothSent(older.id, younger.id);
  });

  it('holds back the younger row when a claim looked while both writers were open: a snapshot lists running transactions only below its xmax', async () => {
    const topic = uniqueTopic('commit-order-unlisted');
    // Both take their xids after the newest completed transaction: a snapshot now lists neither.
    const older = await openTransaction(topic, 0);
    const younger = await openTransaction(topic, 1);
    await aClaimAfter(await databaseNow());
    await younger.finish('commit');
    await aClaimAfter(await databaseNow());
    expect(await statusOf(younger.id)).toBe('pending');

    await older.finish('commit');
    const messages = await readTopic(kafka, topic, (seen) => seen.length >= 2);
    expect(messages.map((message) => payloadOf(message).n)).toEqual([0, 1]);
    await bothSent(older.id, younger.id);
  });

  it('keeps sequence order when a transaction that took its xid early writes last, with a long transaction open in between', async () => {
    const topic = uniqueTopic('commit-order-early-xid');
    const early = await openTransaction(topic); // lowest xid, writes its event last
    const long = await openTransaction(topic); // an unrelated transaction that stays open a while
    const first = await openTransaction(topic, 0);
    await first.finish('commit');
    const secondId = await early.write(1);
    await early.finish('commit');
    await aClaimAfter(await databaseNow());
    expect(await statusOf(secondId)).toBe('pending');

    await long.finish('commit');
    const messages = await readTopic(kafka, topic, (seen) => seen.length >= 2);
    expect(messages.map((message) => payloadOf(message).n)).toEqual([0, 1]);
    await bothSent(first.id, secondId);
  });

  it('publishes the younger row once the older transaction rolls back: an abort does not stall the relay', async () => {
    const topic = uniqueTopic('commit-order-abort');
    const older = await openTransaction(topic, 0);
    const younger = await openTransaction(topic, 1);
    await younger.finish('commit');
    await older.finish('rollback');
    const messages = await readTopic(kafka, topic, (seen) => seen.length >= 1);
    expect(messages.map((message) => payloadOf(message).n)).toEqual([1]);
    await pollUntil('the younger row sent', async () => (await statusOf(younger.id)) === 'sent');
  });
});
