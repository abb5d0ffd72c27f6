import { checkDatabase, ConfigError, StartupError } from '@ftgo/platform/standalone';
import { loadRelayConfig } from './relay-config';
import { runOutboxRelay } from './run-outbox-relay';

/**
 * `main` of a relay process: read the environment (over the service's `defaults`), run, and on
 * SIGTERM/SIGINT let the batch in hand finish and release the leader lock before exiting.
 * A bad variable, an unreachable database, a port in use: one readable line and exit code 1.
 */
export function runRelayProcess(defaults: NodeJS.ProcessEnv = {}): void {
  start(defaults).catch((error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof StartupError ? error.message : error);
    process.exit(1);
  });
}

async function start(defaults: NodeJS.ProcessEnv): Promise<void> {
  const config = loadRelayConfig({ ...defaults, ...process.env });
  // The database only: a relay outlives a Kafka outage by design (its rows wait in the outbox),
  // so a broker that is down at start-up is the same outage, reported by its logs and readiness.
  await checkDatabase(config.DATABASE_URL);
  const running = await runOutboxRelay(config);
  const shutdown = () => void running.stop().then(() => process.exit(0));
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
