import { Client } from 'pg';
import { logLevel } from 'kafkajs';
import { createKafkaClient } from '../kafka/kafka-settings';
import { withinTimeout } from '../timing/within-timeout';

/** How long each dependency may take to answer at start-up before the process gives up. */
export const STARTUP_CHECK_TIMEOUT_MS = 4_000;

/** A start-up problem whose message is the whole story: runService prints it as one line, no stack. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** The URL as it may appear in a log: no password. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message || error.name : String(error)).split('\n')[0];

/** The names in the migrations table that are none of `own`: the database belongs to another service. */
async function foreignMigrations(client: Client, own: string[]): Promise<string[]> {
  const table = await client.query<{ exists: boolean }>(`SELECT to_regclass('migrations') IS NOT NULL AS exists`);
  if (!table.rows[0].exists) return [];
  const executed = await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
  return executed.rows.map((row) => row.name).filter((name) => !own.includes(name));
}

/**
 * Connects once, answers within the time limit, and holds no other service's migrations: a
 * database already migrated by another service is refused before any of ours runs there.
 */
export async function checkDatabase(url: string, ownMigrations?: string[], timeoutMs = STARTUP_CHECK_TIMEOUT_MS): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => undefined);
  const where = `DATABASE_URL (${redactedUrl(url)})`;
  let foreign: string[];
  try {
    foreign = await withinTimeout(timeoutMs, (async () => {
      await client.connect();
      return ownMigrations ? foreignMigrations(client, ownMigrations) : [];
    })());
  } catch (error) {
    throw new StartupError(`${where}: ${messageOf(error)}`);
  } finally {
    void client.end().catch(() => undefined);
  }
  if (foreign.length) {
    throw new StartupError(`${where} belongs to another service: it holds migrations this service does not have (${foreign.join(', ')}); refusing to migrate it`);
  }
}

/** Reaches a broker of the list and reads the cluster's metadata within the time limit, quietly. */
export async function checkBrokers(brokers: string[], timeoutMs = STARTUP_CHECK_TIMEOUT_MS): Promise<void> {
  // Quiet, and without the Nest logger: the relay, which loads no framework, runs this check too.
  const admin = createKafkaClient('startup-check', brokers, () => () => undefined, {
    logLevel: logLevel.NOTHING,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  }).admin();
  try {
    await withinTimeout(timeoutMs, (async () => {
      await admin.connect();
      await admin.describeCluster();
    })());
  } catch (error) {
    throw new StartupError(`KAFKA_BROKERS (${brokers.join(',')}): ${messageOf(error)}`);
  } finally {
    void admin.disconnect().catch(() => undefined);
  }
}

/** Both, at once (the database's ownership only given `ownMigrations`): what every process checks before it starts anything that would wait on them. */
export async function checkDependencies(config: { DATABASE_URL: string; KAFKA_BROKERS: string[] }, ownMigrations?: string[]): Promise<void> {
  const results = await Promise.allSettled([checkDatabase(config.DATABASE_URL, ownMigrations), checkBrokers(config.KAFKA_BROKERS)]);
  const failed = results.flatMap((result) => (result.status === 'rejected' ? [messageOf(result.reason)] : []));
  if (failed.length) throw new StartupError(failed.join('; '));
}
