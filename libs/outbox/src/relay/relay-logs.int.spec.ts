import { pollUntil } from '@ftgo/platform';
import { createScratchDatabase, freePort, type ScratchDatabase } from '@ftgo/tools';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from '../outbox';
import { acceptAnyEvent, numberedEvents, openOutboxDatabase, testRelayConfig, uniqueTopic, writeEvents } from '../testing/outbox-test-kit';
import { type RelayProcess, spawnRelay } from '../testing/relay-process';

// `docker logs` of a relay is read by log shippers line by line: kafkajs' own lines (here, about a
// broker that does not answer) must be JSON in the relay's format too, without terminal colours.
describe('the relay process log', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource;
  let relay: RelayProcess | undefined;

  beforeAll(async () => {
    database = await createScratchDatabase('outbox_relay_logs');
    dataSource = await openOutboxDatabase(database.url);
    const outbox = new Outbox(acceptAnyEvent);
    await writeEvents(dataSource, outbox.add.bind(outbox), numberedEvents(uniqueTopic('logs'), 1, 1));
  });

  afterAll(async () => {
    await relay?.kill('SIGKILL');
    await dataSource?.destroy();
    await database?.drop();
  });

  it("is one JSON object per line, kafkajs' lines included", async () => {
    const unreachableBroker = `127.0.0.1:${await freePort()}`;
    relay = spawnRelay(testRelayConfig(database.url, unreachableBroker, { OUTBOX_SLOT_NAME: `slot_${database.name}` }));
    await pollUntil('a kafkajs connection error in the log', () => relay!.output.some((line) => line.includes('Connection error')));
    const notJson = relay.output.filter((line) => {
      try {
        return typeof JSON.parse(line) !== 'object';
      } catch {
        return true;
      }
    });
    expect(notJson).toEqual([]);
    expect(relay.logs.find((line) => line.message.includes('Connection error'))).toMatchObject({
      level: 'error',
      component: 'outbox-relay',
      namespace: expect.stringMatching(/^kafkajs/),
    });
  });
});
