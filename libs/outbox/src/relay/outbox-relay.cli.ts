/**
 * The relay as its own process: `node --import tsx libs/outbox/src/relay/outbox-relay.cli.ts`
 * (or the built file) with DATABASE_URL, KAFKA_BROKERS and the OUTBOX_* variables of relay-config.ts.
 * SIGTERM/SIGINT stop it cleanly: the current batch finishes, the leader lock is released.
 */
import { ConfigError } from '@ftgo/platform';
import { loadRelayConfig } from './relay-config';
import { runOutboxRelay } from './run-outbox-relay';

async function main(): Promise<void> {
  const running = await runOutboxRelay(loadRelayConfig());
  const shutdown = () => void running.stop().then(() => process.exit(0));
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
