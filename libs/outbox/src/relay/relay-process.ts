import { checkDatabase, ConfigError, StartupError } from '@ftgo/platform/standalone';
import { jsonLogger } from '../observability/relay-logger';
import { loadRelayConfig } from './relay-config';
import { type RunningRelay, runOutboxRelay } from './run-outbox-relay';

/**
 * `main` of a relay process: read the environment (over the service's `defaults`), run, and on
 * SIGTERM/SIGINT let the batch in hand finish and release the leader lock before exiting.
 * A bad variable, an unreachable database, a port in use: one readable line and exit code 1.
 */
export function runRelayProcess(defaults: NodeJS.ProcessEnv = {}): void {
  let running: RunningRelay | undefined;
  // From the first line, as in runService: a start-up waiting for its database must still stop
  // when asked (as PID 1 in a container, node ignores a signal it has no handler for).
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (!running) {
        jsonLogger().info(`${signal} received while starting: exiting`);
        process.exit(0);
      }
      void running.stop().then(() => process.exit(0));
    });
  }
  start(defaults).then(
    (started) => {
      running = started;
    },
    (error: unknown) => {
      console.error(error instanceof ConfigError || error instanceof StartupError ? error.message : error);
      process.exit(1);
    },
  );
}

async function start(defaults: NodeJS.ProcessEnv): Promise<RunningRelay> {
  const config = loadRelayConfig({ ...defaults, ...process.env });
  // The database only: a relay outlives a Kafka outage by design (its rows wait in the outbox),
  // so a broker that is down at start-up is the same outage, reported by its logs and readiness.
  await checkDatabase(config.DATABASE_URL);
  return runOutboxRelay(config);
}
