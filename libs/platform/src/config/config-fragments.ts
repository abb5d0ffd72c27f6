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

/** A comma-separated list, empty by default. */
const list = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));

/** An optional file path. */
const optionalPath = z.string().min(1).optional();

/**
 * The REST API (and /health, /metrics, /docs). Loopback by default: a service started natively is
 * reachable from this machine only; containers and pods set HTTP_HOST=0.0.0.0 explicitly.
 */
export function httpServerConfig(defaultPort: number) {
  return {
    HTTP_PORT: port.default(defaultPort),
    HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    /** Origins a browser may call the API from (CORS); none by default, `*` for any. */
    CORS_ORIGINS: list,
    /** When set, every request but /health/*, /metrics and /docs needs `Authorization: Bearer <token>`. */
    API_BEARER_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  };
}

/** A gRPC server of the service (`@nestjs/microservices`, libs/platform/src/grpc); loopback by default, like HTTP. */
export function grpcServerConfig(defaultPort: number) {
  return {
    GRPC_HOST: z.string().min(1).default('127.0.0.1'),
    GRPC_PORT: port.default(defaultPort),
    /** How long calls in flight may take to finish on shutdown before they are cut. */
    GRPC_SHUTDOWN_GRACE_MS: milliseconds(5_000),
    /** The largest request accepted (RESOURCE_EXHAUSTED above): the biggest real one is a few kB. */
    GRPC_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1_024).default(65_536),
    /** PEM files: both set serves TLS instead of plaintext (one without the other is refused at start-up). */
    GRPC_TLS_CERT_FILE: optionalPath,
    GRPC_TLS_KEY_FILE: optionalPath,
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
    /** Attempts at a message failing for an unknown reason before it is dead-lettered (an outage is retried without limit). */
    KAFKA_RETRY_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
    /** Failed attempts at one message after which /health/ready reports its partition as stuck (degraded). */
    KAFKA_STUCK_AFTER_RETRIES: z.coerce.number().int().min(1).default(3),
    /** How often messaging_consumer_lag is read from the broker's offsets. */
    KAFKA_LAG_INTERVAL_MS: milliseconds(10_000),
    /** How long a fetch waits for data: lower means a quicker shutdown, more requests. */
    KAFKA_MAX_WAIT_MS: milliseconds(1_000),
  };
}

/** The saga deadlines of a service whose aggregate waits for others' answers (libs/saga). */
export const deadlineSchedulerConfig = {
  /** How often each instance looks for passed deadlines: the most a deadline's decision is late. */
  DEADLINE_POLL_INTERVAL_MS: milliseconds(1_000),
};

/** Only the process part, for processes that are not a service's API (the outbox relays). */
export const baseConfigSchema = z.object(serviceConfig);

export type BaseConfig = z.output<typeof baseConfigSchema>;
export type HttpServerConfig = z.output<z.ZodObject<ReturnType<typeof httpServerConfig>>>;
export type GrpcServerConfig = z.output<z.ZodObject<ReturnType<typeof grpcServerConfig>>>;
export type KafkaConsumerConfig = z.output<z.ZodObject<ReturnType<typeof kafkaConsumerConfig>>>;
export type DeadlineSchedulerConfig = z.output<z.ZodObject<typeof deadlineSchedulerConfig>>;
/**
 * What `startService` needs of an app's configuration: logging, the shutdown grace and the HTTP
 * server. Every service has more (its database, its brokers); the flow page has no database.
 */
export type ServiceConfig = Pick<BaseConfig, 'LOG_LEVEL' | 'LOG_FORMAT' | 'SHUTDOWN_GRACE_MS'> & HttpServerConfig;
