import { pollUntil } from '@ftgo/platform';
import { createScratchDatabase } from '@ftgo/tools';
import { afterAll, describe, expect, it } from 'vitest';
import { listFailed, requeueFailed } from '../admin/failed-messages';
import { Outbox } from '../outbox';
import type { RelayConfig } from '../relay/relay-config';
import { runOutboxRelay } from '../relay/run-outbox-relay';
import {
  acceptAnyEvent,
  numberedEvents,
  openOutboxDatabase,
  payloadOf,
  readTopic,
  silentLogger,
  testKafka,
  testRelayConfig,
  uniqueTopic,
  withClient,
  writeEvents,
} from '../testing/outbox-test-kit';

const brokers = process.env.KAFKA_BROKERS ?? '';
const kafka = testKafka(brokers);
const outbox = new Outbox(acceptAnyEvent);
const add = outbox.add.bind(outbox);
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe.each<RelayConfig['OUTBOX_RELAY_MODE']>(['polling', 'log-tailing'])('%s relay and a message Kafka always refuses', (mode) => {
  it('retries it with backoff, marks it failed with its error after N attempts, keeps other aggregates flowing, and can requeue it', async () => {
    const database = await createScratchDatabase(`outbox_poison_${mode.replace('-', '_')}`);
    const dataSource = await openOutboxDatabase(database.url);
    cleanups.push(() => database.drop(), () => dataSource.destroy());
    const config = testRelayConfig(database.url, brokers, {
      OUTBOX_RELAY_MODE: mode,
      OUTBOX_SLOT_NAME: `slot_${database.name}`,
      OUTBOX_MAX_ATTEMPTS: '3',
    });
    const relay = await runOutboxRelay(config, { logger: process.env.DEBUG_OUTBOX ? undefined : silentLogger });
    const topic = uniqueTopic(`poison-${mode}`);
    // Larger than the broker's message.max.bytes (1 MiB by default): MESSAGE_TOO_LARGE every time.
    const poison = { topic, aggregateType: 'Order', aggregateId: 'poisoned', eventType: 'Huge', payload: { n: 0, blob: 'x'.repeat(1_200_000) } };
    const after = { ...poison, eventType: 'Small', payload: { n: 1, tag: 'after' } };
    const [poisonId] = await dataSource.transaction((manager) => outbox.add(manager, [poison, after]));
    await writeEvents(dataSource, add, numberedEvents(topic, 60, 6));

    try {
      await pollUntil('the poison row to be marked failed', async () => (await withClient(database.url, listFailed)).length === 1);
    } finally {
      await relay.stop();
    }
    // Duplicates are allowed (the batch that hit the poison is partly resent one by one): count distinct events.
    const distinct = (seen: typeof messages) => new Set(seen.map((message) => `${message.key}:${payloadOf(message).n}`)).size;
    const messages: Awaited<ReturnType<typeof readTopic>> = await readTopic(kafka, topic, (seen) => distinct(seen) >= 61);
    const healthy = messages.filter((message) => message.key?.toString() !== 'poisoned');
    expect(new Set(healthy.map((message) => `${message.key}:${payloadOf(message).n}`)).size).toBe(60);
    // The poisoned aggregate's next event waited for the verdict on the poisoned one, then went out.
    const poisoned = messages.filter((message) => message.key?.toString() === 'poisoned');
    expect(new Set(poisoned.map((message) => payloadOf(message).n))).toEqual(new Set([1]));

    const [row] = await dataSource.query(`SELECT status, attempts, last_error FROM outbox_message WHERE id = $1`, [poisonId]);
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect(row.last_error).toMatch(/MESSAGE_TOO_LARGE|too large/i);

    expect(await withClient(database.url, (client) => requeueFailed(client))).toBe(1);
    const [requeued] = await dataSource.query(`SELECT status, attempts FROM outbox_message WHERE id = $1`, [poisonId]);
    expect(requeued).toEqual({ status: 'pending', attempts: 0 });
  });
});
