import { AggregateTypes, type TopicName } from '@ftgo/contracts';
import type { OutboxEvent } from '@ftgo/outbox';
import { Correlation } from '@ftgo/platform';
import type { DomainEvent } from './aggregate';

/**
 * An aggregate's events as outbox rows on its topic, keyed by the aggregate id (all events of one
 * aggregate on one partition, in order), stamped with the conversation in progress: the HTTP
 * request's or gRPC call's correlation id, or the incoming message's in a handler.
 */
export function toOutboxEvents(topic: TopicName, aggregateId: string, events: readonly DomainEvent[]): OutboxEvent[] {
  const correlation = Correlation.current();
  return events.map((event) => ({
    topic,
    aggregateType: AggregateTypes[topic],
    aggregateId,
    eventType: event.type,
    payload: event.payload as Record<string, unknown>,
    correlationId: correlation?.correlationId,
    causationId: correlation?.causationId,
    traceparent: correlation?.traceparent,
  }));
}
