import { z } from 'zod';

const name = z.string().trim().min(1);

/** Checks events before they are written: a bad event fails the caller's transaction, loudly. */
export const outboxEventSchema = z.object({
  // Kafka topic names: letters, digits, '.', '_' and '-', at most 249 characters.
  topic: z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, 'must be a valid Kafka topic name'),
  aggregateType: name,
  aggregateId: name,
  eventType: name,
  payload: z.record(z.string(), z.unknown()),
  correlationId: z.string().optional(),
  causationId: z.string().optional(),
  traceparent: z.string().optional(),
});
