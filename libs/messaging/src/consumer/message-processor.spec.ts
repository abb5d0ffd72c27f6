import { Correlation, type CorrelationContext } from '@ftgo/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { IncomingMessage } from '../envelope/incoming-message';
import { HandlerRegistry } from '../handlers/handler-registry';
import { defineHandler } from '../handlers/message-handler';
import { MessageProcessor } from './message-processor';

// A stand-in for the database: the real transaction semantics are proven by the integration tests.
const dataSource = { transaction: (work: (m: EntityManager) => unknown) => work({} as EntityManager) } as unknown as DataSource;

const message = (overrides: Partial<IncomingMessage> = {}): IncomingMessage => ({
  topic: 'order.events',
  partition: 0,
  offset: '7',
  key: 'order-1',
  messageId: '5f0f7a52-2f6c-4a57-9df1-3d0c1f9c7a11',
  eventType: 'OrderCreated',
  correlationId: 'conversation-1',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  headers: {},
  body: { orderId: 'order-1' },
  ...overrides,
});

function processorSeeing(seen: (CorrelationContext | undefined)[]) {
  const handler = defineHandler({
    topic: 'order.events',
    eventType: 'OrderCreated',
    schema: z.object({ orderId: z.string() }),
    handle: async () => void seen.push(Correlation.current()),
  });
  return new MessageProcessor(dataSource, new HandlerRegistry([handler]), {
    groupId: 'kitchen-service',
    idempotency: 'handler-is-idempotent',
  });
}

describe('MessageProcessor correlation', () => {
  it('runs the handler in the message\'s correlation context, with the message as the cause', async () => {
    const seen: (CorrelationContext | undefined)[] = [];
    await processorSeeing(seen).process(message());
    expect(seen).toEqual([
      {
        correlationId: 'conversation-1',
        causationId: '5f0f7a52-2f6c-4a57-9df1-3d0c1f9c7a11',
      },
    ]);
  });

  it('starts a conversation at the message when the producer sent no correlation id', async () => {
    const seen: (CorrelationContext | undefined)[] = [];
    await processorSeeing(seen).process(message({ correlationId: undefined }));
    expect(seen[0]?.correlationId).toBe('5f0f7a52-2f6c-4a57-9df1-3d0c1f9c7a11');
  });
});
