import { Client, DatabaseError } from 'pg';
import { pollUntil } from '@ftgo/platform';
import { START_TIMEOUT_S, withLogTail } from './postgres-server';
import { SERVICES, type ServiceName } from './settings';

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Retries while the server is unreachable or still starting (SQLSTATE 57P03); gives up at once on any
 * other answer from the server, such as a wrong password, which waiting will not fix.
 */
export async function waitForServer(url: string, logFile: string): Promise<void> {
  let answer: unknown;
  const probe = async () => {
    try {
      await withClient(url, (c) => c.query('SELECT 1'));
    } catch (error) {
      if (!(error instanceof DatabaseError) || error.code === '57P03') throw error;
      answer = error;
    }
    return true;
  };
  try {
    await pollUntil(`PostgreSQL at ${redact(url)}`, probe, { timeoutMs: START_TIMEOUT_S * 1000, intervalMs: 250 });
  } catch (error) {
    throw withLogTail(error, logFile);
  }
  if (answer) throw withLogTail(answer, logFile);
}

/** Same host, port and options as the admin URL; the service's own user and database. */
export function serviceUrls(adminUrl: string): Record<ServiceName, string> {
  const entries = SERVICES.map((svc) => {
    const url = new URL(adminUrl);
    url.username = `${svc}_user`;
    url.password = `${svc}_pass`;
    url.pathname = `/${svc}_db`;
    return [svc, url.toString()] as const;
  });
  return Object.fromEntries(entries) as Record<ServiceName, string>;
}

/**
 * A LOGIN REPLICATION user (the outbox relay creates a logical replication slot) owning the service's
 * database. Passwords are `<svc>_pass`: dev/test only. An existing role is ALTERed, which also repairs a
 * drifted password or attribute, so running this again is safe.
 */
async function provisionService(db: Client, svc: ServiceName): Promise<void> {
  const [user, database] = [`${svc}_user`, `${svc}_db`];
  const exists = async (sql: string, name: string) => (await db.query(sql, [name])).rows.length > 0;
  const role = db.escapeIdentifier(user);
  const verb = (await exists('SELECT 1 FROM pg_roles WHERE rolname = $1', user)) ? 'ALTER' : 'CREATE';
  await db.query(`${verb} ROLE ${role} LOGIN REPLICATION PASSWORD ${db.escapeLiteral(`${svc}_pass`)}`);
  const name = db.escapeIdentifier(database);
  await db.query(
    (await exists('SELECT 1 FROM pg_database WHERE datname = $1', database))
      ? `ALTER DATABASE ${name} OWNER TO ${role}`
      : `CREATE DATABASE ${name} OWNER ${role}`,
  );
}

export async function provision(adminUrl: string, log: (line: string) => void): Promise<void> {
  await withClient(adminUrl, async (db) => {
    // Serialises concurrent provisioners (infra:up racing a test run); released when the session ends.
    await db.query(`SELECT pg_advisory_lock(hashtext('ftgo-infra-provision'))`);
    for (const svc of SERVICES) await provisionService(db, svc);
    const walLevel = (await db.query<{ wal_level: string }>('SHOW wal_level')).rows[0].wal_level;
    if (walLevel !== 'logical') log(`warning: wal_level is ${walLevel}, the outbox relay needs logical`);
  });
  log(`provisioned ${SERVICES.map((svc) => `${svc}_db`).join(', ')}`);
}

