import { randomUUID } from 'node:crypto';
import { createScratchDatabase, type ScratchDatabase } from '@ftgo/tools';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOutboxDatabase, withClient } from '../testing/outbox-test-kit';
import { deleteSentRows } from './retention-job';

let database: ScratchDatabase;
let dataSource: DataSource;

async function insertRows(count: number, status: string, sentHoursAgo: number | null, createdHoursAgo = 48): Promise<void> {
  for (let i = 0; i < count; i++) {
    await dataSource.query(
      `INSERT INTO outbox_message (id, topic, aggregate_type, aggregate_id, event_type, payload, headers, status, created_at, sent_at)
       VALUES ($1, 't', 'Order', 'o', 'E', '{}', '{}', $2, now() - make_interval(hours => $3), now() - make_interval(hours => $4))`,
      [randomUUID(), status, createdHoursAgo, sentHoursAgo],
    );
  }
}

const countBy = async () =>
  Object.fromEntries(
    (await dataSource.query(`SELECT status || ':' || (sent_at < now() - interval '1 day') AS k, count(*)::int AS n FROM outbox_message GROUP BY 1`)).map(
      (row: { k: string | null; n: number }) => [row.k ?? 'unsent', row.n],
    ),
  );

beforeAll(async () => {
  database = await createScratchDatabase('outbox_retention');
  dataSource = await openOutboxDatabase(database.url);
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

describe('retention', () => {
  it('deletes only sent rows older than the age, in bounded batches, and never pending or failed rows', async () => {
    await dataSource.query(`DELETE FROM outbox_message`);
    await insertRows(7, 'sent', 30); // old and sent: the only ones to go
    await insertRows(3, 'sent', 1); // sent recently: kept for investigation
    await insertRows(4, 'pending', null);
    await insertRows(2, 'failed', null);

    const result = await withClient(database.url, (client) => deleteSentRows(client, 24 * 3_600_000, 3));
    expect(result).toEqual({ deleted: 7, batches: 3 });
    expect(await countBy()).toEqual({ 'sent:false': 3, unsent: 6 });
  });

  it('in log-tailing mode deletes old rows the log position covers, oldest first, up to the first one not published or too young', async () => {
    await dataSource.query(`DELETE FROM outbox_message`);
    await insertRows(5, 'pending', null, 48); // published: covered by the position below
    const [{ snapshot }] = await dataSource.query(`SELECT pg_current_snapshot()::text AS snapshot`);
    await insertRows(2, 'pending', null, 48); // old, but written after the published snapshot: not on Kafka yet
    await insertRows(3, 'pending', null, 1);
    await dataSource.query(
      `INSERT INTO outbox_log_position (slot_name, start_snapshot, published_snapshot) VALUES ('slot', $1, $1)`,
      [snapshot],
    );
    try {
      const result = await withClient(database.url, (client) => deleteSentRows(client, 24 * 3_600_000, 2));
      expect(result).toEqual({ deleted: 5, batches: 3 });
      const [{ left }] = await dataSource.query(`SELECT count(*)::int AS left FROM outbox_message`);
      expect(left).toBe(5);
    } finally {
      await dataSource.query(`DELETE FROM outbox_log_position`);
    }
  });
});
