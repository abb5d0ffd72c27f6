import type { z } from 'zod';
import { Topics } from '../messaging/topics';
import { orderEventSchemas } from './order-events';
import { paymentEventSchemas } from './payment-events';
import { ticketEventSchemas } from './ticket-events';

/** Every topic's event types and their payload schemas: the one table producers and consumers share. */
export const EventCatalog = {
  [Topics.order]: orderEventSchemas,
  [Topics.ticket]: ticketEventSchemas,
  [Topics.payment]: paymentEventSchemas,
} as const;

export type Catalog = typeof EventCatalog;
export type CatalogTopic = keyof Catalog;
export type EventTypeOf<T extends CatalogTopic> = keyof Catalog[T] & string;
export type PayloadOf<T extends CatalogTopic, E extends EventTypeOf<T>> = z.output<Catalog[T][E] & z.ZodType>;

/** A message that can never be processed as it is: a consumer sends it to its dead-letter topic. */
export class UnknownEventError extends Error {
  override readonly name = 'UnknownEventError';
}

export class InvalidEventPayloadError extends Error {
  override readonly name = 'InvalidEventPayloadError';
}

/** The schema for one event type, or UnknownEventError naming what was looked up. */
export function eventSchema<T extends CatalogTopic, E extends EventTypeOf<T>>(topic: T, eventType: E): Catalog[T][E];
export function eventSchema(topic: string, eventType: string): z.ZodType;
export function eventSchema(topic: string, eventType: string): z.ZodType {
  const events: Record<string, z.ZodType> | undefined = EventCatalog[topic as CatalogTopic];
  if (!events) throw new UnknownEventError(`unknown topic "${topic}"`);
  const schema = events[eventType];
  if (!schema) throw new UnknownEventError(`unknown event type "${eventType}" on topic "${topic}"`);
  return schema;
}

/**
 * Validates a payload at the consumer's edge: the typed payload, or an error listing every
 * problem (field path and message) so the dead-letter record says what was wrong.
 */
export function parseEvent<T extends CatalogTopic, E extends EventTypeOf<T>>(
  topic: T,
  eventType: E,
  payload: unknown,
): PayloadOf<T, E>;
export function parseEvent(topic: string, eventType: string, payload: unknown): unknown;
export function parseEvent(topic: string, eventType: string, payload: unknown): unknown {
  const result = eventSchema(topic, eventType).safeParse(payload);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new InvalidEventPayloadError(`${eventType} payload is invalid: ${problems.join('; ')}`);
}
