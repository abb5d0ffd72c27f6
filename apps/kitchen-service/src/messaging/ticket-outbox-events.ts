import { AggregateTypes, Topics } from '@ftgo/contracts';
import type { OutboxEvent } from '@ftgo/outbox';
import { Correlation } from '@ftgo/platform';
import type { TicketEvent } from '../domain/ticket-events';

/**
 * A domain event as an outbox row on `kitchen.ticket.events`, keyed by ticket id (all events of
 * one ticket on one partition, in order). The correlation comes from the request or message in
 * progress; a handler additionally stamps causation with `context.causedBy`.
 */
export function toOutboxEvent(event: TicketEvent): OutboxEvent {
  const correlation = Correlation.current();
  return {
    topic: Topics.ticket,
    aggregateType: AggregateTypes[Topics.ticket],
    aggregateId: event.payload.ticketId,
    eventType: event.type,
    payload: event.payload,
    correlationId: correlation?.correlationId,
    causationId: correlation?.causationId,
    traceparent: correlation?.traceparent,
  };
}
