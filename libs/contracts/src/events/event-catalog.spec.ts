import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Topics } from '../messaging/topics';
import { EventCatalog, InvalidEventPayloadError, parseEvent, UnknownEventError } from './event-catalog';
import { OrderEventType } from './order-events';
import { TicketEventType } from './ticket-events';

const orderCreated = {
  orderId: randomUUID(),
  consumerId: randomUUID(),
  restaurantId: randomUUID(),
  lineItems: [{ menuItemId: 'pad-thai', name: 'Pad Thai', quantity: 2, unitPrice: { amountMinor: 1250, currency: 'USD' } }],
  total: { amountMinor: 2500, currency: 'USD' },
};

describe('parseEvent', () => {
  it('returns the typed payload of a valid OrderCreated', () => {
    const payload = parseEvent(Topics.order, OrderEventType.OrderCreated, orderCreated);
    expect(payload.total.amountMinor).toBe(2500);
    expect(payload.lineItems[0]?.quantity).toBe(2);
  });

  it('drops fields the schema does not know, so handlers see only the contract', () => {
    const payload = parseEvent(Topics.order, OrderEventType.OrderApproved, { orderId: orderCreated.orderId, extra: 1 });
    expect(payload).toEqual({ orderId: orderCreated.orderId });
  });

  it('lists every problem of an invalid payload with its field path', () => {
    const bad = { ...orderCreated, consumerId: 'nope', total: { amountMinor: 12.5, currency: 'usd' } };
    const attempt = () => parseEvent(Topics.order, OrderEventType.OrderCreated, bad);
    expect(attempt).toThrow(InvalidEventPayloadError);
    expect(attempt).toThrow(/consumerId: .*total\.amountMinor: .*total\.currency: must be an ISO 4217 code/);
  });

  it('rejects an unknown event type or topic with UnknownEventError', () => {
    expect(() => parseEvent(Topics.ticket, 'TicketTeleported', {})).toThrow(UnknownEventError);
    expect(() => parseEvent('pizza.events', TicketEventType.TicketCreated, {})).toThrow(/unknown topic "pizza.events"/);
  });

  it('keeps each event type name equal to its catalog key, on exactly one topic', () => {
    const seen = new Set<string>();
    for (const events of Object.values(EventCatalog)) {
      for (const eventType of Object.keys(events)) {
        expect(seen.has(eventType), `${eventType} on two topics`).toBe(false);
        seen.add(eventType);
      }
    }
    // The three services' 27, and whatever a newer service adds.
    expect(seen.size).toBeGreaterThanOrEqual(27);
  });
});
