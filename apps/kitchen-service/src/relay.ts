/**
 * Kitchen's outbox relay as its own process: it publishes the rows the service wrote in its
 * business transactions to `kitchen.ticket.events`. Same env as libs/outbox's relay
 * (relay-config.ts): DATABASE_URL, KAFKA_BROKERS, OUTBOX_RELAY_MODE (polling | log-tailing), ...
 * SIGTERM/SIGINT: the batch in hand finishes and the leader lock is released.
 */
import { loadRelayConfig, runOutboxRelay } from '@ftgo/outbox';
import { ConfigError } from '@ftgo/platform';

/**
 * Env wins over these. The slot name matters in log-tailing mode: replication slots belong to the
 * PostgreSQL cluster, not to one database, so three services' relays on one server need three names.
 */
const KITCHEN_DEFAULTS = {
  KAFKA_CLIENT_ID: 'kitchen-outbox-relay',
  OUTBOX_SLOT_NAME: 'kitchen_outbox_slot',
};

async function main(): Promise<void> {
  const running = await runOutboxRelay(loadRelayConfig({ ...KITCHEN_DEFAULTS, ...process.env }));
  const shutdown = () => void running.stop().then(() => process.exit(0));
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
