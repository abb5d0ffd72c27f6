// Shared by this library's integration tests (it registers vitest hooks); not exported.
import { createScratchDatabase, type ScratchDatabase } from '@ftgo/tools';
import type { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { IdempotentConsumer, type IdempotentConsumerOptions } from '../consumer/idempotent-consumer';
import { type MigrationClass, openDatabase, testKafka } from './test-kit';

export interface ConsumerTestBedOptions {
  /** Tables of the suite's own, beside the kit's `effect` and `processed_message`. */
  migrations?: MigrationClass[];
  tables?: string[];
}

/**
 * One suite's real consumers on a scratch database: `start` runs a consumer against it, and
 * after each test every consumer started is stopped before the tables are emptied, so no test
 * sees another's rows or members.
 */
export function consumerTestBed(name: string, { migrations = [], tables = [] }: ConsumerTestBedOptions = {}) {
  const kafka = testKafka();
  const running: IdempotentConsumer[] = [];
  let database: ScratchDatabase | undefined;
  let dataSource: DataSource | undefined;

  beforeAll(async () => {
    database = await createScratchDatabase(name);
    dataSource = await openDatabase(database.url, migrations);
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((consumer) => consumer.stop()));
    await dataSource?.query(`TRUNCATE ${['effect', 'processed_message', ...tables].join(', ')}`);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  return {
    kafka,
    get dataSource(): DataSource {
      if (!dataSource) throw new Error(`the test bed ${name} is not open yet (use it inside a test)`);
      return dataSource;
    },
    async start(options: Omit<IdempotentConsumerOptions, 'kafka' | 'dataSource'>): Promise<IdempotentConsumer> {
      const consumer = new IdempotentConsumer({ kafka, dataSource: this.dataSource, ...options });
      running.push(consumer);
      await consumer.start();
      return consumer;
    },
  };
}
