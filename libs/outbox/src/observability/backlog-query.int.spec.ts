import { randomUUID } from 'node:crypto';
import { createScratchDatabase, type ScratchDatabase } from '@ftgo/tools';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOutboxDatabase } from '../testing/outbox-test-kit';
import { readBacklog } from './backlog-query';

let database: ScratchDatabase;
let dataSource: DataSource;

const backlog = () => readBacklog((sql, params) => dataSource.query(sql, params));
async function insertRows(count: number, status: string, minutesAgo: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await dataSource.query(
      `INSERT INTO outbox_message (id, topic, aggregate_type, aggregate_id, event_type, payload, headers, status, created_at)
       VALUES ($1, 't', 'Order', 'o', 'E', '{}', '{}', $2, now() - make_interval(mins => $3))`,
      [randomUUID(), status, minutesAgo],
    );
  }
}

beforeAll(async () => {
  database = await createScratchDatabase('outbox_backlog');
  dataSource = await openOutboxDatabase(database.url);
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

describe('backlog (metrics, readiness, admin CLI)', () => {
  it('polling: counts pending rows, the age of the oldest one, and failed rows apart', async () => {
    await insertRows(3, 'sent', 30);
    await insertRows(2, 'pending', 10);
    await insertRows(1, 'failed', 50);
    const result = await backlog();
    expect(result).toMatchObject({ pending: 2, failed: 1 });
    expect(result.oldestUnsentAgeMs).toBeGreaterThanOrEqual(10 * 60_000);
    expect(result.oldestUnsentAgeMs).toBeLessThan(11 * 60_000);
  });

  it('log-tailing: pending rows the log position covers are published; only the others are counted', async () => {
    await dataSource.query(`DELETE FROM outbox_message`);
    await insertRows(4, 'pending', 30); // published before the snapshot below was proven
    const [{ snapshot }] = await dataSource.query(`SELECT pg_current_snapshot()::text AS snapshot`);
    await insertRows(2, 'pending', 5);
    await dataSource.query(`INSERT INTO outbox_log_position (slot_name, start_snapshot, published_snapshot) VALUES ('slot', $1, $1)`, [snapshot]);
    let result = await backlog();
    expect(result).toMatchObject({ pending: 2, failed: 0 });
    expect(result.oldestUnsentAgeMs).toBeLessThan(6 * 60_000);

    // The ids listed next to the snapshot (written on a clean stop) are covered too.
    const late = await dataSource.query(`SELECT txid::text FROM outbox_message ORDER BY sequence DESC LIMIT 1`);
    await dataSource.query(`UPDATE outbox_log_position SET published_xids = $1::xid8[]`, [[late[0].txid]]);
    result = await backlog();
    expect(result.pending).toBe(1);
  });
});
