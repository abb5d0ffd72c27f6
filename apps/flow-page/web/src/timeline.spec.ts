import { describe, expect, it } from 'vitest';
import type { CommittedOffset, FlowEvent } from '../../src/shared/flow-api';
import { consumersOf, eventsByOrder, timelineOf, traceLink } from './timeline';

const ORDER = '9cec65df-fba4-4c08-9139-d3a499f5ddb0';

/** An event written at `at` ms, published 100 ms later, read by the page 10 ms after that. */
function event(type: string, messageId: string, at: number, more: Partial<FlowEvent> = {}): FlowEvent {
  return {
    id: `${type}/${messageId}`,
    topic: 'order.events',
    partition: 0,
    offset: String(at),
    key: ORDER,
    messageId,
    eventType: type,
    occurredAt: new Date(at).toISOString(),
    publishedAt: new Date(at + 100).toISOString(),
    seenAt: new Date(at + 110).toISOString(),
    producer: 'order-service',
    orderId: ORDER,
    payload: {},
    ...more,
  };
}

describe('an order timeline', () => {
  const created = event('OrderCreated', 'm1', 1_000);
  const ticket = event('TicketCreated', 'm2', 1_300, { causationId: 'm1', topic: 'kitchen.ticket.events' });
  const payment = event('PaymentAuthorized', 'm3', 1_250, { causationId: 'm1', topic: 'accounting.payment.events' });
  const approved = event('OrderApproved', 'm4', 1_500, { causationId: 'm2' });

  it('puts every event after its cause and otherwise by time, whatever order they arrived in', () => {
    const types = timelineOf([approved, ticket, payment, created]).map((entry) => entry.event.eventType);
    expect(types).toEqual(['OrderCreated', 'PaymentAuthorized', 'TicketCreated', 'OrderApproved']);
  });

  it('places an effect after its cause even when its clock says it was written earlier', () => {
    const skewed = event('TicketCreated', 'm2', 900, { causationId: 'm1' });
    expect(timelineOf([skewed, created]).map((entry) => entry.event.eventType)).toEqual(['OrderCreated', 'TicketCreated']);
  });

  it('gives each event its causal generation and its cause', () => {
    const entries = timelineOf([created, ticket, payment, approved]);
    expect(entries.map((entry) => [entry.event.eventType, entry.depth, entry.cause?.eventType])).toEqual([
      ['OrderCreated', 0, undefined],
      ['PaymentAuthorized', 1, 'OrderCreated'],
      ['TicketCreated', 1, 'OrderCreated'],
      ['OrderApproved', 2, 'TicketCreated'],
    ]);
  });

  it('measures the outbox (occurred-at → record timestamp) and Kafka (record → first effect written, else the page read it)', () => {
    const entries = timelineOf([created, ticket, payment, approved]);
    const of = (type: string) => entries.find((entry) => entry.event.eventType === type);
    expect(of('OrderCreated')).toMatchObject({ outboxMs: 100, kafkaMs: 1_250 - 1_100, kafkaUntil: 'handled' });
    expect(of('OrderApproved')).toMatchObject({ outboxMs: 100, kafkaMs: 10, kafkaUntil: 'seen' });
  });

  it('hangs a dead-lettered copy under the event it copies (same message id)', () => {
    const copy = event('OrderCreated', 'm1', 1_000, { id: 'dlt', topic: 'order.events.kitchen-service.dlt', deadLetter: { consumerGroup: 'kitchen-service' } });
    const entries = timelineOf([copy, created]);
    expect(entries.map((entry) => [entry.event.id, entry.depth])).toEqual([
      [created.id, 0],
      ['dlt', 1],
    ]);
  });

  it('groups events by their order', () => {
    const other = event('OrderCreated', 'x1', 5, { orderId: 'another' });
    const unrelated = event('Unknown', 'x2', 6, { orderId: undefined });
    const byOrder = eventsByOrder([created, other, ticket, unrelated]);
    expect([...byOrder.keys()]).toEqual([ORDER, 'another']);
    expect(byOrder.get(ORDER)).toEqual([created, ticket]);
  });
});

describe('who consumed an event', () => {
  const offsets: CommittedOffset[] = [
    { group: 'kitchen-service', topic: 'order.events', partition: 0, offset: 1_001, end: 1_001 },
    { group: 'accounting-service', topic: 'order.events', partition: 0, offset: 1_000, end: 1_001 },
    { group: 'order-service', topic: 'kitchen.ticket.events', partition: 0, offset: 5, end: 5 },
  ];

  it('lists the groups that read its topic; handled once the committed offset is past its own', () => {
    expect(consumersOf(event('OrderCreated', 'm1', 1_000), offsets)).toEqual([
      { group: 'accounting-service', handled: false },
      { group: 'kitchen-service', handled: true },
    ]);
  });

  it('is pending for a group that has not committed on its partition yet', () => {
    expect(consumersOf(event('OrderCreated', 'm1', 7, { partition: 2 }), offsets)).toEqual([
      { group: 'accounting-service', handled: false },
      { group: 'kitchen-service', handled: false },
    ]);
  });
});

describe('the trace link', () => {
  const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('fills the trace id of a valid traceparent into the viewer URL', () => {
    expect(traceLink('http://127.0.0.1:16686/trace/{traceId}', traceparent)).toBe('http://127.0.0.1:16686/trace/4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('is absent without a viewer, or for a missing, malformed or all-zero trace id', () => {
    expect(traceLink(undefined, traceparent)).toBeUndefined();
    for (const bad of [undefined, 'not-a-traceparent', '00-00000000000000000000000000000000-00f067aa0ba902b7-01']) {
      expect(traceLink('http://viewer/{traceId}', bad)).toBeUndefined();
    }
  });
});
