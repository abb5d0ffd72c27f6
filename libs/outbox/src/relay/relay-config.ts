import { baseConfigSchema, parseConfig } from '@ftgo/platform/standalone';
import { z } from 'zod';

const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const sqlName = (fallback: string) =>
  z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier').default(fallback);

/** Everything the relay process reads from its environment, with the defaults a service gets. */
export const relayConfigSchema = baseConfigSchema.pick({ DATABASE_URL: true, KAFKA_BROKERS: true }).extend({
  KAFKA_CLIENT_ID: z.string().min(1).default('outbox-relay'),
  OUTBOX_RELAY_MODE: z.enum(['polling', 'log-tailing']).default('polling'),
  OUTBOX_BATCH_SIZE: int(500, 1),
  /** Polling: the first idle wait; doubles while idle up to the maximum. A NOTIFY cuts it short. */
  OUTBOX_POLL_INTERVAL_MS: int(100, 1),
  OUTBOX_POLL_MAX_INTERVAL_MS: int(2_000, 1),
  /** How often a standby tries to become the active relay. */
  OUTBOX_STANDBY_RETRY_MS: int(1_000, 1),
  /** A message that Kafka rejects is retried this many times (backoff with jitter), then marked failed. */
  OUTBOX_MAX_ATTEMPTS: int(10, 1),
  OUTBOX_RETRY_BASE_MS: int(500, 1),
  OUTBOX_RETRY_MAX_MS: int(60_000, 1),
  /** Sent rows older than this are deleted (1 day, as in the study note). */
  OUTBOX_RETENTION_AGE_MS: int(86_400_000),
  OUTBOX_RETENTION_INTERVAL_MS: int(60_000, 1),
  OUTBOX_RETENTION_BATCH_SIZE: int(1_000, 1),
  OUTBOX_SLOT_NAME: sqlName('outbox_slot'),
  /** Log-tailing: how often, at most, the log position (which rows are published) is brought up to date. */
  OUTBOX_POSITION_INTERVAL_MS: int(250, 1),
  OUTBOX_PUBLICATION_NAME: sqlName('outbox_publication'),
  OUTBOX_TOPIC_PARTITIONS: int(3, 1),
  /** /metrics, /health/live and /health/ready of the relay process; 0 picks a free port. */
  OUTBOX_RELAY_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** Loopback by default, like the APIs; containers and pods set 0.0.0.0. */
  OUTBOX_RELAY_HTTP_HOST: z.string().default('127.0.0.1'),
  /** /health/ready fails when the oldest unsent row is older than this. */
  OUTBOX_HEALTH_MAX_AGE_MS: int(60_000, 1),
});

export type RelayConfig = z.output<typeof relayConfigSchema>;

/** Reads the environment once; a bad variable is a ConfigError naming every problem. */
export function loadRelayConfig(env: NodeJS.ProcessEnv = process.env): RelayConfig {
  return parseConfig('outbox-relay', relayConfigSchema, env);
}
