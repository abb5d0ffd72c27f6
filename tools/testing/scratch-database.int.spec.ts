import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { createScratchDatabase } from './scratch-database';

describe('scratch databases for integration tests', () => {
  it('creates a private database owned by the service user and drops it with its replication slots', async () => {
    const scratch = await createScratchDatabase('scratch_spec');
    const client = new Client({ connectionString: scratch.url });
    await client.connect();
    const { rows } = await client.query('SELECT current_database() AS db, current_user AS who');
    expect(rows[0]).toEqual({ db: scratch.name, who: 'order_user' });
    await client.query(`SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [`${scratch.name}_slot`]);
    await client.end();

    await scratch.drop();

    const admin = new Client({ connectionString: process.env.ADMIN_DATABASE_URL });
    await admin.connect();
    const left = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [scratch.name]);
    const slots = await admin.query('SELECT 1 FROM pg_replication_slots WHERE database = $1', [scratch.name]);
    await admin.end();
    expect(left.rowCount).toBe(0);
    expect(slots.rowCount).toBe(0);
  });
});
