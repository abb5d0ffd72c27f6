/**
 * The relay process's entry point, `@ftgo/outbox/relay`: what a service's `relay.ts` runs. It
 * loads no framework (no Nest, TypeORM or Swagger, unlike the package root), so a relay process
 * holds only kafkajs, pg, prom-client and zod in memory.
 */
export { OutboxRelay } from './relay/outbox-relay';
export { loadRelayConfig, relayConfigSchema, type RelayConfig } from './relay/relay-config';
export { runRelayProcess } from './relay/relay-process';
export { runOutboxRelay, type RunningRelay } from './relay/run-outbox-relay';
