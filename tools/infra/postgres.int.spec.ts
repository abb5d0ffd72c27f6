import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { SERVICES } from './settings';

/*
 * Proves that the PostgreSQL given by the global setup is fit for the services: each service user reaches
 * its own database on a server with logical decoding, and may create the slot the outbox relay tails.
 */

const DATABASE_URLS = SERVICES.map((service) => [service, `${service.toUpperCase()}_DATABASE_URL`] as const);

const SLOT_BY_NAME = 'SELECT plugin, database FROM pg_replication_slots WHERE slot_name = $1';

async function withClient<T>(envVar: string, work: (client: Client) => Promise<T>): Promise<T> {
  const url = process.env[envVar];
  if (!url) throw new Error(`${envVar} is not set: the int global setup should provide it`);
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe.each(DATABASE_URLS)('%s database (%s)', (service, envVar) => {
  it('runs with wal_level=logical, which the outbox relay needs to decode the WAL', async () => {
    const { rows } = await withClient(envVar, (db) => db.query('SHOW wal_level'));
    expect(rows[0].wal_level).toBe('logical');
  });

  it('is reached as the service user, in the database that user owns', async () => {
    const { rows } = await withClient(envVar, (db) =>
      db.query(`SELECT current_user AS "user", current_database() AS database,
                       pg_get_userbyid(datdba) AS owner
                FROM pg_database WHERE datname = current_database()`),
    );
    expect(rows[0]).toEqual({ user: `${service}_user`, database: `${service}_db`, owner: `${service}_user` });
  });

  it('lets the service user create and drop a pgoutput logical replication slot', async () => {
    // Unique per run so a slot leaked by a crashed run cannot make this one pass or fail.
    const slot = `int_spec_${service}_${process.pid}_${Date.now()}`;
    await withClient(envVar, async (db) => {
      await db.query(`SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [slot]);
      try {
        const created = await db.query(SLOT_BY_NAME, [slot]);
        expect(created.rows).toEqual([{ plugin: 'pgoutput', database: `${service}_db` }]);
      } finally {
        await db.query('SELECT pg_drop_replication_slot($1)', [slot]);
      }
      const left = await db.query(SLOT_BY_NAME, [slot]);
      expect(left.rows).toHaveLength(0);
    });
  });
});
