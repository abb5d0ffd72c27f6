import { MessageHeaders } from '@ftgo/contracts';
import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { MalformedMessageError } from '../errors/permanent-error';
import { parseIncomingMessage } from './incoming-message';

const id = '6f1c1f43-56a8-4d1e-9d0e-6c1b8f3e2a10';

function record(value: string | null, headers: KafkaMessage['headers']): KafkaMessage {
  return { key: Buffer.from('order-1'), value: value === null ? null : Buffer.from(value), headers, offset: '7' } as KafkaMessage;
}

describe('parseIncomingMessage', () => {
  it('reads the contract headers and the JSON body', () => {
    const message = parseIncomingMessage(
      'order.events',
      2,
      record('{"total":10}', {
        [MessageHeaders.messageId]: Buffer.from(id),
        [MessageHeaders.eventType]: 'OrderCreated',
        [MessageHeaders.correlationId]: 'c-1',
        [MessageHeaders.traceparent]: ['00-old-01', '00-new-01'].map((v) => Buffer.from(v)),
      }),
    );
    expect(message).toMatchObject({
      topic: 'order.events',
      partition: 2,
      offset: '7',
      key: 'order-1',
      messageId: id,
      eventType: 'OrderCreated',
      correlationId: 'c-1',
      traceparent: '00-new-01',
      body: { total: 10 },
    });
  });

  it.each([
    ['no message id', '{}', { [MessageHeaders.eventType]: 'X' }, /message-id must be a UUID/],
    ['a message id that is not a UUID', '{}', { [MessageHeaders.messageId]: '42', [MessageHeaders.eventType]: 'X' }, /UUID/],
    ['no event type', '{}', { [MessageHeaders.messageId]: id }, /event-type is missing/],
    ['a value that is not JSON', '{oops', { [MessageHeaders.messageId]: id, [MessageHeaders.eventType]: 'X' }, /not JSON/],
    ['no value at all', null, { [MessageHeaders.messageId]: id, [MessageHeaders.eventType]: 'X' }, /no value/],
  ])('refuses a record with %s as permanently malformed', (_case, value, headers, reason) => {
    const parse = () => parseIncomingMessage('t', 0, record(value, headers));
    expect(parse).toThrow(MalformedMessageError);
    expect(parse).toThrow(reason);
  });
});
