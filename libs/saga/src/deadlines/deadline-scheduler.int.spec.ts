import { randomUUID } from 'node:crypto';
import { metricsRegistry, pollUntil } from '@ftgo/platform';
import { createScratchDatabase, type ScratchDatabase } from '@ftgo/tools';
import { DataSource, type EntityManager } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DeadlineContext } from './deadline-handler.decorator';
import { DeadlineScheduler } from './deadline-scheduler';

let database: ScratchDatabase;
let dataSource: DataSource;
const schedulers: DeadlineScheduler[] = [];

beforeAll(async () => {
  database = await createScratchDatabase('saga_deadlines');
  dataSource = await new DataSource({ type: 'postgres', url: database.url, poolSize: 8 }).initialize();
  await dataSource.query(`
    CREATE TABLE lamp (
      id uuid PRIMARY KEY,
      state text NOT NULL,
      deadline_at timestamptz,
      decided integer NOT NULL DEFAULT 0,
      decided_by text
    )`);
});

afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((scheduler) => scheduler.stop()));
  await dataSource.query('DELETE FROM lamp');
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

const target = { aggregateType: 'Lamp', table: 'lamp' };

/** Pending lamps whose deadline is `offsetMs` from the database's now (negative: already passed). */
async function lamps(count: number, offsetMs: number, state = 'WARMING_UP'): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await dataSource.query(`INSERT INTO lamp (id, state, deadline_at) SELECT id, $2, now() + $3 * interval '1 millisecond' FROM unnest($1::uuid[]) AS id`, [ids, state, offsetMs]);
  return ids;
}

/** The decision a handler makes: the lamp gives up warming, and the deadline is cleared with it. */
async function giveUp(manager: EntityManager, id: string, by: string): Promise<{ state: string }> {
  const [[row]] = await manager.query(
    `UPDATE lamp SET state = 'OFF', deadline_at = NULL, decided = decided + 1, decided_by = $2 WHERE id = $1 RETURNING state`,
    [id, by],
  );
  return row;
}

function scheduler(handle: (id: string, context: DeadlineContext) => Promise<{ state: string }>, pollIntervalMs = 50): DeadlineScheduler {
  const created = new DeadlineScheduler(dataSource, target, handle, { pollIntervalMs });
  schedulers.push(created);
  return created;
}

const rowsOf = (ids: string[]): Promise<Array<{ id: string; state: string; decided: number; decided_by: string | null }>> =>
  dataSource.query('SELECT id, state, decided, decided_by FROM lamp WHERE id = ANY($1::uuid[]) ORDER BY id', [ids]);

const metric = async (name: string, labels: Record<string, string>) => {
  const values = (await metricsRegistry.getSingleMetric(name)?.get())?.values ?? [];
  return values.find((value) => Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted))?.value ?? 0;
};

describe('DeadlineScheduler', () => {
  it('decides each passed deadline exactly once while two instances poll together: the one holding a row, the other skips it', async () => {
    const [held, ...others] = await lamps(6, -1_000);
    const future = await lamps(2, 60_000);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding = false;
    // Instance A takes the first row and keeps its transaction open; instance B must go past it.
    const a = scheduler(async (id, { manager }) => {
      holding = true;
      await released;
      return giveUp(manager, id, 'a');
    });
    a.start();
    await pollUntil('instance A to hold the oldest row', () => holding);
    const b = scheduler((id, { manager }) => giveUp(manager, id, 'b'));
    b.start();
    await pollUntil('instance B to decide the rows A does not hold', async () => (await rowsOf(others)).every((row) => row.state === 'OFF'));
    expect((await rowsOf([held]))[0]).toMatchObject({ state: 'WARMING_UP', decided: 0 });
    release();
    await pollUntil('instance A to commit its row', async () => (await rowsOf([held]))[0].state === 'OFF');
    expect((await rowsOf([held]))[0]).toMatchObject({ decided: 1, decided_by: 'a' });
    expect((await rowsOf(others)).map((row) => [row.decided, row.decided_by])).toEqual(others.map(() => [1, 'b']));
    expect((await rowsOf(future)).map((row) => row.state)).toEqual(['WARMING_UP', 'WARMING_UP']);
  });

  it('keeps deadlines in the database: a scheduler started after the deadline passed, with none running before, decides it', async () => {
    const [id] = await lamps(1, 300);
    const before = scheduler((lampId, { manager }) => giveUp(manager, lampId, 'before'));
    expect(await before.poll()).toBe(0);
    await before.stop();
    await pollUntil('the deadline to pass on the database clock', async () => {
      const [{ passed }] = await dataSource.query('SELECT deadline_at <= now() AS passed FROM lamp WHERE id = $1', [id]);
      return passed as boolean;
    });
    const after = scheduler((lampId, { manager, now, state }) => {
      expect(now).toBeInstanceOf(Date);
      expect(state).toBe('WARMING_UP');
      return giveUp(manager, lampId, 'after');
    });
    expect(await after.poll()).toBe(1);
    expect((await rowsOf([id]))[0]).toMatchObject({ state: 'OFF', decided_by: 'after' });
  });

  it('rolls back and counts a decision that fails, goes on with the others, and retries it on the next poll', async () => {
    const [failing, ...others] = await lamps(3, -1_000);
    const failuresBefore = await metric('saga_deadline_failures_total', { aggregate_type: 'Lamp' });
    let attempts = 0;
    const flaky = scheduler(async (id, { manager }) => {
      await manager.query(`UPDATE lamp SET decided_by = 'half-done' WHERE id = $1`, [id]);
      if (id === failing && (attempts += 1) === 1) throw new Error('the handler has a bug today');
      return giveUp(manager, id, 'flaky');
    });
    expect(await flaky.poll()).toBe(2);
    expect((await rowsOf([failing]))[0]).toMatchObject({ state: 'WARMING_UP', decided: 0, decided_by: null });
    expect((await rowsOf(others)).every((row) => row.state === 'OFF')).toBe(true);
    expect(await metric('saga_deadline_failures_total', { aggregate_type: 'Lamp' })).toBe(failuresBefore + 1);
    expect(await flaky.poll()).toBe(1);
    expect((await rowsOf([failing]))[0]).toMatchObject({ state: 'OFF', decided: 1 });
  });

  it('counts what it decided and reports pending and overdue aggregates per state', async () => {
    await lamps(2, 60_000, 'WARMING_UP');
    await lamps(1, -1_000, 'COOLING_DOWN');
    const expiredBefore = await metric('saga_deadline_expirations_total', { aggregate_type: 'Lamp', state: 'COOLING_DOWN', outcome: 'OFF' });
    const stuck = scheduler(async () => {
      throw new Error('cannot decide');
    });
    await stuck.poll();
    expect(await metric('saga_pending', { aggregate_type: 'Lamp', state: 'WARMING_UP' })).toBe(2);
    expect(await metric('saga_pending_overdue', { aggregate_type: 'Lamp', state: 'WARMING_UP' })).toBe(0);
    expect(await metric('saga_pending_overdue', { aggregate_type: 'Lamp', state: 'COOLING_DOWN' })).toBe(1);
    const working = scheduler((id, { manager }) => giveUp(manager, id, 'working'));
    await working.poll();
    expect(await metric('saga_pending_overdue', { aggregate_type: 'Lamp', state: 'COOLING_DOWN' })).toBe(0);
    expect(await metric('saga_deadline_expirations_total', { aggregate_type: 'Lamp', state: 'COOLING_DOWN', outcome: 'OFF' })).toBe(expiredBefore + 1);
  });

  it('refuses a target whose names are not plain identifiers, since they go into SQL', () => {
    expect(() => new DeadlineScheduler(dataSource, { aggregateType: 'Lamp', table: 'lamp; DROP TABLE lamp' }, giveUpNever, { pollIntervalMs: 50 })).toThrow(
      /is not a plain SQL identifier/,
    );
  });
});

async function giveUpNever(): Promise<{ state: string }> {
  throw new Error('never called');
}
