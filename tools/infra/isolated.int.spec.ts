import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type IsolatedInfra, startIsolatedInfra, sweepIsolatedInfra } from './isolated';
import { pollUntil } from '@ftgo/platform';
import { isAlive } from './process';
import { kafkaStatus } from './kafka';

describe('isolated infrastructure for fault tests', () => {
  let infra: IsolatedInfra;

  beforeAll(async () => {
    infra = await startIsolatedInfra('isolated-spec', { postgres: true, kafka: true });
  }, 180_000);

  afterAll(async () => {
    await infra?.dispose();
  });

  it('runs on its own ports, apart from the shared instances', () => {
    expect(infra.kafka!.brokers).not.toContain(process.env.KAFKA_BROKERS);
    expect(infra.postgres!.databases.order).not.toBe(process.env.ORDER_DATABASE_URL);
  });

  it('keeps topics and messages across a broker restart (an outage and a recovery)', async () => {
    const topic = `isolated-${randomUUID()}`;
    const kafka = () => new Kafka({ brokers: infra.kafka!.brokers, logLevel: logLevel.NOTHING });
    const admin = kafka().admin();
    await admin.connect();
    // A broker that has just started can answer a new topic's metadata with "does not host this
    // topic-partition" for a moment, which kafkajs's waitForLeaders does not wait out: poll instead.
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: false });
    await pollUntil(`${topic} to have a leader`, async () => {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      return topics[0]!.partitions.every((partition) => partition.leader >= 0);
    });
    const producer = kafka().producer({ idempotent: true });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'survives' }] });
    await producer.disconnect();
    await admin.disconnect();

    await infra.restartKafka();

    const after = kafka().admin();
    await after.connect();
    const [offsets] = await after.fetchTopicOffsets(topic);
    await after.disconnect();
    expect(offsets.high).toBe('1');
  });

  it('serves the service databases after a PostgreSQL restart', async () => {
    await infra.stopPostgres();
    await infra.startPostgres();
    const client = new Client({ connectionString: infra.postgres!.databases.kitchen });
    await client.connect();
    const { rows } = await client.query('SELECT current_database() AS db');
    await client.end();
    expect(rows[0].db).toBe('kitchen_db');
  });

  it('stops its broker on dispose', async () => {
    await infra.dispose();
    expect((await kafkaStatus(infra.settings)).running).toBe(false);
  });

  it('sweeps an instance whose test process died without cleaning up: broker stopped, data deleted', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'testing', 'abandon-isolated-kafka.child.ts')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
    const [, brokerPid, dir] = line.split(' ');
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(isAlive(Number(brokerPid))).toBe(true);

    const swept = await sweepIsolatedInfra();

    expect(swept.some((entry) => dir.endsWith(entry))).toBe(true);
    expect(isAlive(Number(brokerPid))).toBe(false);
    expect(existsSync(dir)).toBe(false);
  }, 120_000);
});
