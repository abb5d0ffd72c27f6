import { z } from 'zod';

/**
 * The environment variables every service reads, as zod shapes a service's schema is built from:
 * `z.object({ ...serviceConfig, ...httpServerConfig(3002), ...grpcServerConfig(50052), ... })`.
 * The same names, defaults and checks in every service by construction; each service adds only
 * what is its own (order's dependencies, accounting's default limit).
 */

const port = z.coerce.number().int().min(1).max(65535);
const milliseconds = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

const postgresUrl = z
  .string({ error: 'is required (e.g. postgres://user:pass@127.0.0.1:5432/db)' })
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// URL');

const brokerList = z
  .string({ error: 'is required (comma-separated host:port list)' })
  .transform((value) => value.split(',').map((b) => b.trim()).filter(Boolean))
  .refine((brokers) => brokers.length > 0 && brokers.every((b) => /^[^:\s]+:\d+$/.test(b)), {
    message: 'must be a comma-separated list of host:port',
  });

/** The process: its database, the brokers, logging and how long a shutdown may take. */
export const serviceConfig = {
  DATABASE_URL: postgresUrl,
  KAFKA_BROKERS: brokerList,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** `json` for containers and log shippers; `pretty` for a person at a terminal. */
  LOG_FORMAT: z.enum(['pretty', 'json']).default('pretty'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
};

/** The REST API (and /health, /metrics, /docs). */
export function httpServerConfig(defaultPort: number) {
  return {
    HTTP_PORT: port.default(defaultPort),
    HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  };
}

/** A gRPC server of the service (`@nestjs/microservices`, libs/platform/src/grpc). */
export function grpcServerConfig(defaultPort: number) {
  return {
    GRPC_HOST: z.string().min(1).default('0.0.0.0'),
    GRPC_PORT: port.default(defaultPort),
    /** How long calls in flight may take to finish on shutdown before they are cut. */
    GRPC_SHUTDOWN_GRACE_MS: milliseconds(5_000),
  };
}

/** The service's idempotent consumer (libs/messaging): its client id, group and timings. */
export function kafkaConsumerConfig(serviceName: string) {
  return {
    KAFKA_CLIENT_ID: z.string().min(1).default(serviceName),
    KAFKA_CONSUMER_GROUP: z.string().min(1).default(serviceName),
    /** Group liveness; tests shorten them so that a rebalance takes a second, not half a minute. */
    KAFKA_SESSION_TIMEOUT_MS: milliseconds(30_000),
    KAFKA_HEARTBEAT_INTERVAL_MS: milliseconds(3_000),
    /** The first wait before retrying a message that failed for a passing reason. */
    KAFKA_RETRY_INITIAL_DELAY_MS: milliseconds(200),
    /** How long a fetch waits for data: lower means a quicker shutdown, more requests. */
    KAFKA_MAX_WAIT_MS: milliseconds(1_000),
  };
}

/** Only the process part, for processes that are not a service's API (the outbox relays). */
export const baseConfigSchema = z.object(serviceConfig);

export type BaseConfig = z.output<typeof baseConfigSchema>;
export type HttpServerConfig = z.output<z.ZodObject<ReturnType<typeof httpServerConfig>>>;
export type GrpcServerConfig = z.output<z.ZodObject<ReturnType<typeof grpcServerConfig>>>;
export type KafkaConsumerConfig = z.output<z.ZodObject<ReturnType<typeof kafkaConsumerConfig>>>;
/**
 * What `startService` needs of an app's configuration: logging, the shutdown grace and the HTTP
 * server. Every service has more (its database, its brokers); the flow page has no database.
 */
export type ServiceConfig = Pick<BaseConfig, 'LOG_LEVEL' | 'LOG_FORMAT' | 'SHUTDOWN_GRACE_MS'> & HttpServerConfig;
