import { AggregateTypes, Topics } from '@ftgo/contracts';
import type { OutboxEvent } from '@ftgo/outbox';
import type { PaymentEvent } from '../domain/payment-events';

/** The aggregate's events as outbox rows on `accounting.payment.events`, keyed by payment id. */
export function toOutboxEvents(events: PaymentEvent[]): OutboxEvent[] {
  return events.map((event) => ({
    topic: Topics.payment,
    aggregateType: AggregateTypes[Topics.payment],
    aggregateId: event.payload.paymentId,
    eventType: event.type,
    payload: event.payload,
  }));
}
