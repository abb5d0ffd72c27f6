import { z } from 'zod';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Everything an IdempotentConsumer can be told, with defaults for production. Parsed with zod so
 * that a wrong value is a readable start-up error, not a consumer that misbehaves later.
 */
export const consumerConfigSchema = z.object({
  groupId: z.string().min(1),
  /**
   * `track-message-ids` (the default) records each message id in processed_message inside the
   * handler's transaction. `handler-is-idempotent` skips that for handlers that are idempotent by
   * themselves (an upsert, a "set status to X"): the seed note's first way.
   */
  idempotency: z.enum(['track-message-ids', 'handler-is-idempotent']).default('track-message-ids'),
  /** Partitions handled at the same time; order within one partition is always strict. */
  concurrency: z.number().int().min(1).default(3),
  fromBeginning: z.boolean().default(false),
  sessionTimeoutMs: z.number().int().min(1).default(30_000),
  heartbeatIntervalMs: z.number().int().min(1).default(3_000),
  /** How long a fetch waits for data; lower means quicker shutdown and tests, more requests. */
  maxWaitTimeMs: z.number().int().min(1).default(1_000),
  retry: z
    .object({
      initialDelayMs: z.number().int().min(1).default(200),
      maxDelayMs: z.number().int().min(1).default(30_000),
      multiplier: z.number().min(1).default(2),
      /**
       * Attempts at a message whose failure is neither permanent nor an outage (a bug, a lock
       * timeout) before it is dead-lettered with its attempt count. With the default delays, 8
       * attempts hold the message about a minute; an outage is retried without limit.
       */
      maxAttempts: z.number().int().min(1).default(8),
    })
    .prefault({}),
  /** Failed attempts at one message after which /health/ready reports its partition as stuck. */
  stuckAfterRetries: z.number().int().min(1).default(3),
  /** How often the lag gauge is read from the broker: committed offsets against high watermarks. */
  lagIntervalMs: z.number().int().min(1).default(10_000),
  retention: z
    .object({
      maxAgeMs: z.number().int().min(1).default(7 * DAY_MS),
      batchSize: z.number().int().min(1).default(1_000),
      intervalMs: z.number().int().min(1).default(60 * 60 * 1000),
    })
    .prefault({}),
});

export type ConsumerConfigInput = z.input<typeof consumerConfigSchema>;
export type ConsumerConfig = z.output<typeof consumerConfigSchema>;
export type RetryPolicy = ConsumerConfig['retry'];

export function parseConsumerConfig(input: ConsumerConfigInput): ConsumerConfig {
  const result = consumerConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new Error(`Invalid consumer configuration:\n${problems.join('\n')}`);
}

/** The dead-letter topic of `topic` for one consumer group: each group dead-letters on its own. */
export function deadLetterTopicOf(topic: string, groupId: string): string {
  return `${topic}.${groupId}.dlt`;
}
