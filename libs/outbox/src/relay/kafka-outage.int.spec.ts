import { createKafka } from '@ftgo/platform';
import { createScratchDatabase, type IsolatedInfra, startIsolatedInfra } from '@ftgo/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from '../outbox';
import {
  numberedEvents,
  openOutboxDatabase,
  readTopic,
  sequencesByKey,
  silentLogger,
  testRelayConfig,
  uniqueTopic,
  waitFor,
  writeEvents,
} from '../testing/outbox-test-kit';
import type { RelayConfig } from './relay-config';
import { runOutboxRelay } from './run-outbox-relay';

const outbox = new Outbox();
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

describe.each<RelayConfig['OUTBOX_RELAY_MODE']>(['polling', 'log-tailing'])('%s relay while Kafka is down', (mode) => {
  it('keeps writing, lets the backlog grow (metric and readiness show it), drains it after Kafka returns, loses nothing', async () => {
    const database = await createScratchDatabase(`outbox_outage_${mode.replace('-', '_')}`);
    const dataSource = await openOutboxDatabase(database.url);
    // Short client retries: the relay notices the outage fast and retries on its own schedule.
    const kafka = createKafka(`outbox-outage-${mode}`, brokers.split(','), { retry: { initialRetryTime: 100, retries: 2 } });
    const config = testRelayConfig(database.url, brokers, {
      OUTBOX_RELAY_MODE: mode,
      OUTBOX_SLOT_NAME: `slot_${database.name}`,
      OUTBOX_HEALTH_MAX_AGE_MS: '1000',
    });
    const relay = await runOutboxRelay(config, { kafka, logger: silentLogger });
    const pending = async () => Number((await dataSource.query(`SELECT count(*) AS n FROM outbox_message WHERE status = 'pending'`))[0].n);
    try {
      const topic = uniqueTopic(`outage-${mode}`);
      const events = numberedEvents(topic, 400, 10);
      await writeEvents(dataSource, add, events.slice(0, 100));
      await waitFor(async () => (await pending()) === 0);

      await infra.stopKafka();
      await writeEvents(dataSource, add, events.slice(100));
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await pending()).toBe(300);
      expect((await get(relay.httpPort, '/metrics')).body).toMatch(/^outbox_backlog_messages 300$/m);
      expect((await get(relay.httpPort, '/health/ready')).status).toBe(503);

      await infra.startKafka();
      await waitFor(async () => (await pending()) === 0, 60_000);
      expect((await get(relay.httpPort, '/health/ready')).status).toBe(200);
      const messages = await readTopic(kafka, topic, (seen) => new Set(seen.map((m) => `${m.key}:${m.value}`)).size >= 400);
      for (const [, sequence] of sequencesByKey(messages)) expect(sequence).toEqual(Array.from({ length: 40 }, (_, n) => n));
    } finally {
      await relay.stop();
      await dataSource.destroy();
      await database.drop();
    }
  });
});
