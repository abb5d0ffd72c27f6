import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

export interface ScratchDatabase {
  name: string;
  /** Connects as the service user (LOGIN + REPLICATION), like a service would. */
  url: string;
  drop(): Promise<void>;
}

async function asAdmin<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const url = process.env.ADMIN_DATABASE_URL;
  if (!url) throw new Error('ADMIN_DATABASE_URL is not set: run the tests through the integration global setup');
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * A fresh database for one test file, owned by a service user: relays, advisory locks and
 * replication slots of one test cannot see another test's rows, even when files run in parallel.
 */
export async function createScratchDatabase(prefix: string, owner = 'order_user'): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`.toLowerCase();
  await asAdmin((admin) => admin.query(`CREATE DATABASE "${name}" OWNER "${owner}"`));
  const service = new URL(process.env[`${owner.replace(/_user$/, '').toUpperCase()}_DATABASE_URL`] ?? '');
  service.pathname = `/${name}`;
  return {
    name,
    url: service.toString(),
    drop: () =>
      asAdmin(async (admin) => {
        // A logical slot pins its database: drop the slots first, then everything connected.
        await admin.query(
          `SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE database = $1 AND active_pid IS NOT NULL`,
          [name],
        );
        await admin.query(`SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = $1`, [name]);
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }),
  };
}
