import { createScratchDatabase, type ScratchDatabase } from '@ftgo/tools';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../testing/test-kit';
import { deleteExpiredProcessedMessages } from './processed-message-retention';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('processed_message retention', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createScratchDatabase('messaging_retention');
    dataSource = await openDatabase(database.url);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  async function insertRows(count: number, ageDays: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      await dataSource.query(
        `INSERT INTO processed_message (consumer_group, message_id, processed_at) VALUES ('g', $1, now() - make_interval(days => $2))`,
        [randomUUID(), ageDays],
      );
    }
  }

  it('deletes only the rows older than the window, in batches of the given size', async () => {
    await insertRows(7, 8); // outside a 7-day window
    await insertRows(3, 6); // inside it
    await insertRows(2, 0);

    const deleted = await deleteExpiredProcessedMessages(dataSource, { maxAgeMs: 7 * DAY_MS, batchSize: 3 });

    expect(deleted).toBe(7);
    const [{ oldest, remaining }] = await dataSource.query(
      `SELECT count(*)::int AS remaining, extract(day FROM now() - min(processed_at))::int AS oldest FROM processed_message`,
    );
    expect({ remaining, oldest }).toEqual({ remaining: 5, oldest: 6 });
    expect(await deleteExpiredProcessedMessages(dataSource, { maxAgeMs: 7 * DAY_MS, batchSize: 3 })).toBe(0);
  });
});
