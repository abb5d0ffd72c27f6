/**
 * Order's outbox relay as its own process: publishes the order events that the service wrote to
 * its outbox table. `node dist/apps/order-service/src/relay.js` (Nx: `relay`) with DATABASE_URL,
 * KAFKA_BROKERS and the OUTBOX_* variables of libs/outbox's relay-config.ts (polling by default,
 * OUTBOX_RELAY_MODE=log-tailing for the replication slot). SIGTERM/SIGINT stop it cleanly: the
 * current batch finishes, the leader lock is released.
 */
import { loadRelayConfig, runOutboxRelay } from '@ftgo/outbox';
import { ConfigError } from '@ftgo/platform';

async function main(): Promise<void> {
  const config = loadRelayConfig({ KAFKA_CLIENT_ID: 'order-service-outbox-relay', ...process.env });
  const running = await runOutboxRelay(config);
  const shutdown = () => void running.stop().then(() => process.exit(0));
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
