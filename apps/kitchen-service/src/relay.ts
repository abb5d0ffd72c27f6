/**
 * Kitchen's outbox relay as its own process: it publishes the events the service wrote to its outbox
 * table in its business transactions. `node dist/apps/kitchen-service/src/relay.js` (Nx: `relay`) with
 * DATABASE_URL, KAFKA_BROKERS and the OUTBOX_* variables of libs/outbox's relay-config.ts
 * (polling by default, OUTBOX_RELAY_MODE=log-tailing to tail the WAL). The environment wins over
 * these defaults.
 */
import '@ftgo/platform/tracing';
import { runRelayProcess } from '@ftgo/outbox/relay';

runRelayProcess({
  KAFKA_CLIENT_ID: 'kitchen-outbox-relay',
  // Replication slots belong to the PostgreSQL server, not to a database: one name per service.
  OUTBOX_SLOT_NAME: 'kitchen_outbox_slot',
});
