import { AggregateTypes, Topics } from '@ftgo/contracts';
import type { OutboxEvent } from '@ftgo/outbox';
import { Correlation } from '@ftgo/platform';
import type { OrderEvent } from '../domain/order-events';

/**
 * The aggregate's events as outbox rows on `order.events`, keyed by the order id (one partition
 * per order keeps its events in order), stamped with the conversation's correlation id.
 */
export function toOutboxEvents(orderId: string, events: readonly OrderEvent[]): OutboxEvent[] {
  const context = Correlation.current();
  return events.map((event) => ({
    topic: Topics.order,
    aggregateType: AggregateTypes[Topics.order],
    aggregateId: orderId,
    eventType: event.type,
    payload: event.payload,
    correlationId: context?.correlationId,
    causationId: context?.causationId,
    traceparent: context?.traceparent,
  }));
}
