import { MessageHeaders, Topics } from '@ftgo/contracts';
import { DeadLetterHeaders } from '@ftgo/messaging';
import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { toFlowEvent } from './flow-event';

const ORDER = '9cec65df-fba4-4c08-9139-d3a499f5ddb0';
const TICKET = '1b1c5a0e-0000-4000-8000-000000000002';
const MESSAGE = '2cc0645f-0000-4000-8000-000000000003';

function record(value: string, headers: Record<string, string>): KafkaMessage {
  return {
    key: Buffer.from(TICKET),
    value: Buffer.from(value),
    timestamp: String(Date.parse('2030-01-01T12:00:00.250Z')),
    attributes: 0,
    offset: '42',
    headers: Object.fromEntries(Object.entries(headers).map(([name, text]) => [name, Buffer.from(text)])),
  };
}

const headers = {
  [MessageHeaders.messageId]: MESSAGE,
  [MessageHeaders.eventType]: 'TicketCreated',
  [MessageHeaders.aggregateType]: 'Ticket',
  [MessageHeaders.aggregateId]: TICKET,
  [MessageHeaders.correlationId]: 'corr-1',
  [MessageHeaders.causationId]: 'cause-1',
  [MessageHeaders.occurredAt]: '2030-01-01T12:00:00.000Z',
};

describe('a Kafka record as the flow page shows it', () => {
  const seenAt = new Date('2030-01-01T12:00:00.300Z');

  it('carries the contract headers, both timestamps, its producer and its order', () => {
    const event = toFlowEvent(Topics.ticket, 1, record(JSON.stringify({ ticketId: TICKET, orderId: ORDER }), headers), seenAt);
    expect(event).toMatchObject({
      id: `${Topics.ticket}/1/42`,
      key: TICKET,
      messageId: MESSAGE,
      eventType: 'TicketCreated',
      correlationId: 'corr-1',
      causationId: 'cause-1',
      occurredAt: '2030-01-01T12:00:00.000Z',
      publishedAt: '2030-01-01T12:00:00.250Z',
      seenAt: '2030-01-01T12:00:00.300Z',
      producer: 'kitchen-service',
      orderId: ORDER,
    });
    expect(event.deadLetter).toBeUndefined();
    expect(event.malformed).toBeUndefined();
  });

  it("takes an Order event's order from its aggregate id", () => {
    const orderHeaders = { ...headers, [MessageHeaders.aggregateType]: 'Order', [MessageHeaders.aggregateId]: ORDER };
    expect(toFlowEvent(Topics.order, 0, record('{}', orderHeaders), seenAt).orderId).toBe(ORDER);
  });

  it('shows a dead-lettered copy with the group that gave up and why, produced by that group', () => {
    const dead = { ...headers, [DeadLetterHeaders.consumerGroup]: 'order-service', [DeadLetterHeaders.errorMessage]: 'illegal transition' };
    const event = toFlowEvent(`${Topics.ticket}.order-service.dlt`, 0, record('{}', dead), seenAt);
    expect(event.producer).toBe('order-service');
    expect(event.deadLetter).toMatchObject({ consumerGroup: 'order-service', error: 'illegal transition' });
  });

  it('reads a header sent twice as its last value, as the services do', () => {
    const twice = record('{}', headers);
    twice.headers = { ...twice.headers, [MessageHeaders.correlationId]: [Buffer.from('corr-old'), Buffer.from('corr-new')] };
    expect(toFlowEvent(Topics.ticket, 0, twice, seenAt).correlationId).toBe('corr-new');
  });

  it('keeps a record that breaks the contract, saying what is wrong', () => {
    const event = toFlowEvent(Topics.order, 0, record('not json', { [MessageHeaders.eventType]: 'OrderCreated' }), seenAt);
    expect(event.payload).toBe('not json');
    expect(event.malformed).toMatch(/message-id/);
  });
});
