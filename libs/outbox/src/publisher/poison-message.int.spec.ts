import { pollUntil } from '@ftgo/platform';
import { createScratchDatabase } from '@ftgo/tools';
import { ConfigResourceTypes } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { listFailed, requeueFailed } from '../admin/failed-messages';
import { Outbox } from '../outbox';
import type { RelayConfig } from '../relay/relay-config';
import { runOutboxRelay } from '../relay/run-outbox-relay';
import {
  backlogOf,
  acceptAnyEvent,
  numberedEvents,
  openOutboxDatabase,
  payloadOf,
  readTopic,
  sequencesByKey,
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
  it('retries it, marks it failed with its error, holds back its aggregate\'s later event (failed too), keeps other aggregates flowing; once the cause is fixed a requeue publishes both in order', async () => {
    const database = await createScratchDatabase(`outbox_poison_${mode.replace('-', '_')}`);
    const dataSource = await openOutboxDatabase(database.url);
    cleanups.push(() => database.drop(), () => dataSource.destroy());
    const relay = await runOutboxRelay(
      testRelayConfig(database.url, brokers, { OUTBOX_RELAY_MODE: mode, OUTBOX_SLOT_NAME: `slot_${database.name}`, OUTBOX_MAX_ATTEMPTS: '3' }),
      { logger: silentLogger },
    );
    cleanups.push(() => relay.stop());
    const topic = uniqueTopic(`poison-${mode}`);
    // Larger than the broker's message.max.bytes (1 MiB by default): MESSAGE_TOO_LARGE every time.
    const poison = { topic, aggregateType: 'Order', aggregateId: 'poisoned', eventType: 'Huge', payload: { n: 0, blob: 'x'.repeat(1_200_000) } };
    const after = { ...poison, eventType: 'Small', payload: { n: 1, tag: 'after' } };
    const [poisonId, afterId] = await dataSource.transaction((manager) => outbox.add(manager, [poison, after]));
    await writeEvents(dataSource, add, numberedEvents(topic, 60, 6));

    // Settled: everything else published, the two rows of the poisoned aggregate failed.
    await pollUntil('everything but the poisoned aggregate published, its two rows failed', async () => {
      const backlog = await backlogOf(dataSource);
      return backlog.pending === 0 && backlog.failed === 2;
    }, { timeoutMs: 45_000 });
    const [refused, held] = await withClient(database.url, listFailed);
    expect(refused).toMatchObject({ id: poisonId, attempts: 3, lastError: expect.stringMatching(/MESSAGE_TOO_LARGE|too large/i) });
    expect(held).toMatchObject({ id: afterId, attempts: 0, lastError: expect.stringMatching(/held back/) });
    const healthy = await readTopic(kafka, topic, (seen) => sequencesByKey(seen).size >= 6 && [...sequencesByKey(seen).values()].every((n) => n.length === 10));
    for (const [key, sequence] of sequencesByKey(healthy)) {
      expect({ key, sequence }).toEqual({ key, sequence: Array.from({ length: 10 }, (_, n) => n) });
    }

    // The operator fixes the cause (the topic takes larger messages) and requeues the refused row:
    // the row held behind it comes along, and both go out in their order.
    const admin = kafka.admin();
    await admin.connect();
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'max.message.bytes', value: '2000000' }] }],
    });
    await admin.disconnect();
    expect(await withClient(database.url, (client) => requeueFailed(client, [poisonId]))).toBe(2);
    const messages = await readTopic(kafka, topic, (seen) => seen.some((message) => payloadOf(message).tag === 'after'));
    const poisoned = messages.filter((message) => message.key?.toString() === 'poisoned').map((message) => payloadOf(message).n);
    expect(poisoned).toEqual([0, 1]);
    await pollUntil('the requeued rows to be marked sent', async () => {
      const backlog = await backlogOf(dataSource);
      return backlog.pending === 0 && backlog.failed === 0;
    });
  });
});
