import type { Pool } from 'pg';
import { describe, expect, it } from 'vitest';
import type { LogPosition } from '../schema/log-position';
import { PublishedPosition } from './published-position';

/** A pool that answers the sample query with the next scripted sample and records the position writes. */
function fakePool(samples: { snapshot: string; lsn: string }[]) {
  const writes: { snapshot: string; xids: string[] }[] = [];
  const pool = {
    async query(sql: string, params: unknown[] = []) {
      if (sql.includes('pg_logical_emit_message')) return { rows: [samples.shift()] };
      if (sql.startsWith('UPDATE outbox_log_position')) writes.push({ snapshot: String(params[1]), xids: params[2] as string[] });
      return { rows: [] };
    },
  };
  return { pool: pool as unknown as Pool, writes };
}

const stored: LogPosition = { slotName: 's', startSnapshot: '100:100:', publishedSnapshot: '100:100:', publishedXids: [], updatedAt: new Date() };

describe('PublishedPosition', () => {
  it('promotes a sample only once the slot is confirmed past the message written after it', async () => {
    const { pool, writes } = fakePool([{ snapshot: '120:120:', lsn: '0/2000' }]);
    const position = new PublishedPosition(pool, 's', stored, 0);
    position.record(['110']);
    await position.advance(0x1000n); // takes the sample
    await position.advance(0x1fffn);
    expect(writes).toEqual([]);
    await position.advance(0x2000n);
    expect(writes).toEqual([{ snapshot: '120:120:', xids: [] }]);
  });

  it('keeps proving a published transaction the sample showed as still running (decoded before visible)', async () => {
    const { pool, writes } = fakePool([
      { snapshot: '111:120:111', lsn: '0/10' },
      { snapshot: '121:121:', lsn: '0/20' },
    ]);
    const position = new PublishedPosition(pool, 's', stored, 0);
    position.record(['111']);
    for (const confirmed of [0x10n, 0x10n, 0x20n, 0x20n]) await position.advance(confirmed);
    expect(writes.map((write) => write.snapshot)).toEqual(['111:120:111', '121:121:']);
  });

  it('on a clean stop writes the last proven snapshot and, next to it, every published transaction it does not show', async () => {
    const { pool, writes } = fakePool([]);
    const position = new PublishedPosition(pool, 's', stored, 60_000);
    position.record(['150', '151']);
    await position.close();
    expect(writes).toEqual([{ snapshot: '100:100:', xids: ['150', '151'] }]);
  });
});
