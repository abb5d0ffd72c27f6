import { createKafka, pollUntil } from '@ftgo/platform';
import { createScratchDatabase, type IsolatedInfra, startIsolatedInfra } from '@ftgo/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from '../outbox';
import type { OutboxEvent } from '../outbox-event';
import {
  backlogOf,
  acceptAnyEvent,
  numberedEvents,
  openOutboxDatabase,
  readTopic,
  sequencesByKey,
  silentLogger,
  testRelayConfig,
  uniqueTopic,
  writeEvents,
} from '../testing/outbox-test-kit';
import { jsonLogger } from '../observability/relay-logger';
import type { RelayConfig } from './relay-config';
import { runOutboxRelay } from './run-outbox-relay';

const outbox = new Outbox(acceptAnyEvent);
const add = outbox.add.bind(outbox);
let infra: IsolatedInfra;
let brokers: string;

beforeAll(async () => {
  infra = await startIsolatedInfra('outbox-kafka-outage', { kafka: true });
  brokers = infra.kafka?.brokers.join(',') ?? '';
});

afterAll(async () => {
  await infra?.dispose();
});

const get = async (port: number, path: string) => {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, body: await response.text() };
};

type Mode = RelayConfig['OUTBOX_RELAY_MODE'];

/** One relay of the given mode on its own scratch database, publishing to the isolated Kafka. */
async function startRelay(mode: Mode) {
  const database = await createScratchDatabase(`outbox_outage_${mode.replace('-', '_')}`);
  const dataSource = await openOutboxDatabase(database.url);
  // Short client retries: the relay notices the outage fast and retries on its own schedule.
  const kafka = createKafka(`outbox-outage-${mode}`, brokers.split(','), { retry: { initialRetryTime: 100, retries: 2 } });
  const config = testRelayConfig(database.url, brokers, {
    OUTBOX_RELAY_MODE: mode,
    OUTBOX_SLOT_NAME: `slot_${database.name}`,
    OUTBOX_HEALTH_MAX_AGE_MS: '1000',
  });
  const relay = await runOutboxRelay(config, { kafka, logger: process.env.DEBUG_OUTBOX ? jsonLogger(mode) : silentLogger });
  const topic = uniqueTopic(`outage-${mode}`);
  return {
    mode,
    kafka,
    relay,
    topic,
    events: numberedEvents(topic, 400, 10),
    write: (events: OutboxEvent[]) => writeEvents(dataSource, add, events),
    pending: async () => (await backlogOf(dataSource)).pending,
    dispose: async () => {
      await relay.stop();
      await dataSource.destroy();
      await database.drop();
    },
  };
}

describe('relays while Kafka is down (both modes through one outage)', () => {
  it('keep writing, let the backlog grow (metric and readiness show it), drain it after Kafka returns, lose nothing, keep order', async () => {
    const relays = await Promise.all((['polling', 'log-tailing'] as const).map(startRelay));
    try {
      await Promise.all(relays.map((r) => r.write(r.events.slice(0, 100))));
      await Promise.all(relays.map((r) => pollUntil('the relay to catch up', async () => (await r.pending()) === 0)));

      await infra.stopKafka();
      await Promise.all(relays.map((r) => r.write(r.events.slice(100))));
      for (const r of relays) {
        // The relay samples its backlog and its broker on its own clock: wait until both show the outage.
        await pollUntil(`the ${r.mode} relay to report the backlog`, async () => /^outbox_backlog_messages 300$/m.test((await get(r.relay.httpPort, '/metrics')).body));
        await pollUntil(`the ${r.mode} relay to turn unready`, async () => (await get(r.relay.httpPort, '/health/ready')).status === 503);
        expect({ mode: r.mode, pending: await r.pending() }).toEqual({ mode: r.mode, pending: 300 });
      }

      await infra.startKafka();
      await Promise.all(relays.map((r) => pollUntil('the relay to catch up after the outage', async () => (await r.pending()) === 0, { timeoutMs: 60_000 })));
      for (const r of relays) {
        expect((await get(r.relay.httpPort, '/health/ready')).status).toBe(200);
        const messages = await readTopic(r.kafka, r.topic, (seen) => new Set(seen.map((m) => `${m.key}:${m.value}`)).size >= 400);
        const byKey = sequencesByKey(messages);
        expect(byKey.size).toBe(10);
        for (const [, sequence] of byKey) expect(sequence).toEqual(Array.from({ length: 40 }, (_, n) => n));
      }
    } finally {
      await Promise.all(relays.map((r) => r.dispose()));
    }
  }, 240_000); // a broker stop and start: tens of seconds each on a busy machine
});
