import { deadlineSchedulerConfig, httpServerConfig, kafkaConsumerConfig, parseConfig, serviceConfig } from '@ftgo/platform';
import { type DependencyConfig, dependencyConfigFromEnv } from '@ftgo/resilience';
import { z } from 'zod';

const FIVE_MINUTES = 5 * 60_000;
const deadline = z.coerce.number().int().min(1).default(FIVE_MINUTES);

export const orderConfigSchema = z.object({
  ...serviceConfig,
  ...httpServerConfig(3001),
  ...kafkaConsumerConfig('order-service'),
  ...deadlineSchedulerConfig,
  /** The kitchen's and accounting's gRPC servers; tuning via KITCHEN_GRPC_TIMEOUT_MS etc. (libs/resilience). */
  KITCHEN_GRPC_ADDRESS: z.string().default('dns:///127.0.0.1:50052'),
  ACCOUNTING_GRPC_ADDRESS: z.string().default('dns:///127.0.0.1:50053'),
  /** How long each pending state waits for the kitchen's and accounting's answers before the order decides without them. */
  APPROVAL_DEADLINE_MS: deadline,
  CANCEL_DEADLINE_MS: deadline,
  REVISION_DEADLINE_MS: deadline,
  /** A PEM CA file: set when kitchen and accounting serve TLS (their GRPC_TLS_CERT_FILE / GRPC_TLS_KEY_FILE). */
  GRPC_TLS_CA_FILE: z.string().min(1).optional(),
});

export type OrderConfig = z.output<typeof orderConfigSchema> & {
  /** One breaker (and bulkhead, deadline) per dependency. */
  kitchen: DependencyConfig;
  accounting: DependencyConfig;
};

/** The whole configuration, every problem reported at once by name (ConfigError). */
export function loadOrderConfig(env: NodeJS.ProcessEnv = process.env): OrderConfig {
  const config = parseConfig('order-service', orderConfigSchema, env);
  return {
    ...config,
    kitchen: dependencyConfigFromEnv('KITCHEN_GRPC', { ...env, KITCHEN_GRPC_ADDRESS: config.KITCHEN_GRPC_ADDRESS }),
    accounting: dependencyConfigFromEnv('ACCOUNTING_GRPC', { ...env, ACCOUNTING_GRPC_ADDRESS: config.ACCOUNTING_GRPC_ADDRESS }),
  };
}
