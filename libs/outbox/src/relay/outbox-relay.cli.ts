/**
 * The relay as its own process: `node --import tsx libs/outbox/src/relay/outbox-relay.cli.ts`
 * (or the built file) with DATABASE_URL, KAFKA_BROKERS and the OUTBOX_* variables of relay-config.ts.
 * SIGTERM/SIGINT stop it cleanly: the current batch finishes, the leader lock is released.
 */
import '@ftgo/platform/tracing';
import { runRelayProcess } from './relay-process';

runRelayProcess();
