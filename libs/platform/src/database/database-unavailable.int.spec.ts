import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { createScratchDatabase, freePort, type ScratchDatabase } from '@ftgo/tools';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DatabaseUnavailable, isDatabaseUnavailable } from './database-unavailable';

/** The error a promise rejects with; fails the test if it resolves. */
async function errorOf(attempt: Promise<unknown>): Promise<unknown> {
  return attempt.then(() => expect.fail('expected a failure'), (error: unknown) => error);
}

const urlOn = (url: string, host: string, port: number) => {
  const parsed = new URL(url);
  parsed.hostname = host;
  parsed.port = String(port);
  return parsed.toString();
};

// The real errors node-postgres and TypeORM raise, against the real server or a dead port: the
// classification is only as good as the shapes it was shown.
describe('isDatabaseUnavailable on real driver errors', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource;
  let silent: Server;
  const silentSockets: Socket[] = [];

  beforeAll(async () => {
    database = await createScratchDatabase('database_unavailable');
    dataSource = new DataSource({ type: 'postgres', url: database.url });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE item (id uuid PRIMARY KEY)');
    // Accepts connections and never answers: a server that hangs, or a network that drops packets.
    silent = createServer((socket) => silentSockets.push(socket));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
  });

  afterAll(async () => {
    silentSockets.forEach((socket) => socket.destroy());
    silent?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('is true for a refused connection, also when Node tried IPv6 and IPv4 (AggregateError)', async () => {
    const port = await freePort();
    for (const host of ['127.0.0.1', 'localhost']) {
      const client = new Client({ connectionString: urlOn(database.url, host, port) });
      const error = await errorOf(client.connect());
      expect(isDatabaseUnavailable(error), `${host}: ${String(error)}`).toBe(true);
    }
  });

  it('is true for a connect timeout of a client and of a pool', async () => {
    const { port } = silent.address() as { port: number };
    const url = urlOn(database.url, '127.0.0.1', port);
    const clientError = await errorOf(new Client({ connectionString: url, connectionTimeoutMillis: 200 }).connect());
    expect(isDatabaseUnavailable(clientError), String(clientError)).toBe(true);

    const pool = new Pool({ connectionString: url, connectionTimeoutMillis: 200 });
    const poolError = await errorOf(pool.query('SELECT 1'));
    await pool.end();
    expect(isDatabaseUnavailable(poolError), String(poolError)).toBe(true);

    // The pool's other timeout: every connection it may open is busy (here: its only one, forever).
    const busy = new Pool({ connectionString: database.url, max: 1, connectionTimeoutMillis: 200 });
    const held = await busy.connect();
    const waitError = await errorOf(busy.query('SELECT 1'));
    held.release();
    await busy.end();
    expect(waitError).toMatchObject({ message: 'timeout exceeded when trying to connect' });
    expect(isDatabaseUnavailable(waitError)).toBe(true);
  });

  it('is true for a session the server terminates mid-query (57P01), through TypeORM, and for the dead client after it', async () => {
    const terminateOnceAsleep = (pid: number) =>
      // Terminated only once the sleep runs, so that the query itself sees the termination.
      vi.waitFor(async () => {
        const killed = await dataSource.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = $1 AND wait_event = $2', [pid, 'PgSleep']);
        expect(killed).toHaveLength(1);
      }, { timeout: 10_000, interval: 50 });

    const runner = dataSource.createQueryRunner();
    const [{ pid }] = await runner.query('SELECT pg_backend_pid() AS pid');
    const sleeping = errorOf(runner.query('SELECT pg_sleep(30)'));
    await terminateOnceAsleep(pid);
    const terminated = await sleeping;
    await runner.release().catch(() => undefined);
    expect(terminated).toMatchObject({ name: 'QueryFailedError', code: '57P01' });
    expect(isDatabaseUnavailable(terminated)).toBe(true);

    const client = new Client({ connectionString: database.url });
    client.on('error', () => undefined); // the termination also arrives as an 'error' event
    await client.connect();
    const [{ pid: clientPid }] = (await client.query('SELECT pg_backend_pid() AS pid')).rows;
    const clientSleeping = errorOf(client.query('SELECT pg_sleep(30)'));
    await terminateOnceAsleep(clientPid);
    expect(isDatabaseUnavailable(await clientSleeping)).toBe(true);
    const afterwards = await errorOf(client.query('SELECT 1'));
    expect(isDatabaseUnavailable(afterwards), String(afterwards)).toBe(true);
    await client.end().catch(() => undefined);
  });

  it('is false for what the request itself got wrong: a duplicate key, a malformed uuid, an unknown table', async () => {
    const id = '6f1c5a0e-0000-4000-8000-000000000001';
    await dataSource.query('INSERT INTO item (id) VALUES ($1)', [id]);
    const failures = [
      await errorOf(dataSource.query('INSERT INTO item (id) VALUES ($1)', [id])),
      await errorOf(dataSource.query('SELECT * FROM item WHERE id = $1', ['not-a-uuid'])),
      await errorOf(dataSource.query('SELECT * FROM no_such_table')),
    ];
    expect(failures.map((error) => (error as { code?: string }).code)).toEqual(['23505', '22P02', '42P01']);
    for (const error of failures) expect(isDatabaseUnavailable(error), String(error)).toBe(false);
    expect(failures.some((error) => error instanceof DatabaseUnavailable)).toBe(false);
  });
});
