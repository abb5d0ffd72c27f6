import { baseConfigSchema, portSchema } from '@ftgo/platform';
import { z } from 'zod';

export const accountingConfigSchema = baseConfigSchema.extend({
  HTTP_PORT: portSchema.default(3003),
  /** The gRPC AccountingService; 0 picks a free port (tests). */
  GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(50053),
  GRPC_HOST: z.string().min(1).default('0.0.0.0'),
  /** How long in-flight gRPC calls may take to finish on shutdown before they are cut (as kitchen). */
  GRPC_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(1).default(5_000),
  KAFKA_CLIENT_ID: z.string().min(1).default('accounting-service'),
  /** The limit of an account opened on a consumer's first order (domain/account.ts: the authorization rule). */
  ACCOUNT_DEFAULT_LIMIT_MINOR: z.coerce.number().int().min(0).default(50_000),
  ACCOUNT_DEFAULT_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD').default('USD'),
  /** Kafka group liveness; tests shorten them so that a rebalance takes a second, not half a minute. */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(1).default(30_000),
  KAFKA_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(1).default(3_000),
  KAFKA_MAX_WAIT_MS: z.coerce.number().int().min(1).default(1_000),
});

export type AccountingConfig = z.output<typeof accountingConfigSchema>;
