import { parseConfig } from '@ftgo/platform';
import { z } from 'zod';

const ms = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const count = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

/**
 * Where a dependency lives: `host:port` from the platform's service discovery (a compose service
 * name, a Kubernetes Service name) — the code never hard-codes an address.
 */
const address = z
  .string({ error: 'is required (host:port, e.g. kitchen-service:50051)' })
  .regex(/^(dns:\/\/\/)?[^\s:/]+:\d{1,5}$/, 'must be host:port (e.g. kitchen-service:50051)');

/** The tuning of one guarded dependency; every field has a default except the address. */
export const dependencyConfigSchema = z.object({
  address,
  /** The deadline of one attempt: the call is cancelled when it passes. */
  timeoutMs: ms(1_000),
  /** Bulkhead: at most this many calls in flight… */
  capacity: z.coerce.number().int().min(1).default(20),
  /**
   * …and a call finding them all taken waits this long for a free slot before it is rejected
   * (0: at once). The default matches the default deadline: no longer than it would wait for an answer.
   */
  bulkheadWaitMs: count(1_000),
  /** The breaker opens when more than this share of calls in the window failed… */
  errorThresholdPercentage: z.coerce.number().min(1).max(100).default(50),
  /** …and the window holds at least this many calls (one early failure must not open it). */
  volumeThreshold: count(10),
  rollingWindowMs: ms(10_000),
  /** How long the breaker stays open before it lets one trial call through (half-open). */
  resetTimeoutMs: ms(10_000),
  /** Extra attempts for idempotent reads only; 0 disables retrying. */
  readRetries: z.coerce.number().int().min(0).max(5).default(2),
  retryBaseDelayMs: ms(50),
  retryMaxDelayMs: ms(500),
});

export type DependencyConfig = z.output<typeof dependencyConfigSchema>;

const ENV_SUFFIX: Record<keyof DependencyConfig, string> = {
  address: 'ADDRESS',
  timeoutMs: 'TIMEOUT_MS',
  capacity: 'CAPACITY',
  bulkheadWaitMs: 'BULKHEAD_WAIT_MS',
  errorThresholdPercentage: 'ERROR_THRESHOLD_PERCENT',
  volumeThreshold: 'VOLUME_THRESHOLD',
  rollingWindowMs: 'ROLLING_WINDOW_MS',
  resetTimeoutMs: 'RESET_TIMEOUT_MS',
  readRetries: 'READ_RETRIES',
  retryBaseDelayMs: 'RETRY_BASE_DELAY_MS',
  retryMaxDelayMs: 'RETRY_MAX_DELAY_MS',
};

/**
 * Reads `<PREFIX>_ADDRESS`, `<PREFIX>_TIMEOUT_MS`, … (e.g. `KITCHEN_GRPC_TIMEOUT_MS`) and fails
 * with one readable error naming every bad variable by its environment name.
 */
export function dependencyConfigFromEnv(prefix: string, env: NodeJS.ProcessEnv = process.env): DependencyConfig {
  const schema = z
    .object(
      Object.fromEntries(
        Object.entries(dependencyConfigSchema.shape).map(([key, field]) => [
          `${prefix}_${ENV_SUFFIX[key as keyof DependencyConfig]}`,
          field,
        ]),
      ),
    )
    .transform((values) =>
      Object.fromEntries(
        Object.keys(ENV_SUFFIX).map((key) => [key, values[`${prefix}_${ENV_SUFFIX[key as keyof DependencyConfig]}`]]),
      ),
    );
  return parseConfig(`dependency ${prefix}`, schema, env) as DependencyConfig;
}
