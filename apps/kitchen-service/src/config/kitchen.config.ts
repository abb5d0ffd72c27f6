import { baseConfigSchema, portSchema } from '@ftgo/platform';
import { z } from 'zod';

const ms = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

export const kitchenConfigSchema = baseConfigSchema.extend({
  HTTP_PORT: portSchema.default(3002),
  /** 0 binds a free port (tests); the order service dials 50052 by default. */
  GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(50052),
  GRPC_HOST: z.string().min(1).default('0.0.0.0'),
  /** How long in-flight gRPC calls may take to finish on shutdown before they are cut. */
  GRPC_SHUTDOWN_GRACE_MS: ms(5_000),
  KAFKA_CLIENT_ID: z.string().min(1).default('kitchen-service'),
  KAFKA_CONSUMER_GROUP: z.string().min(1).default('kitchen-service'),
  /** Partitions of `order.events` when kitchen is the first to need it (the relays use the same default). */
  ORDER_EVENTS_PARTITIONS: z.coerce.number().int().min(1).default(3),
  KAFKA_SESSION_TIMEOUT_MS: ms(30_000),
  KAFKA_HEARTBEAT_INTERVAL_MS: ms(3_000),
  KAFKA_RETRY_INITIAL_DELAY_MS: ms(200),
});

export type KitchenConfig = z.output<typeof kitchenConfigSchema>;
