import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidPayloadError, UnknownEventTypeError } from '../errors/permanent-error';
import { HandlerRegistry, isIgnored } from './handler-registry';
import { defineHandler, followUpOf } from './message-handler';
import { validatePayload } from './payload-schema';
import type { IncomingMessage } from '../envelope/incoming-message';

const created = defineHandler({
  topic: 'order.events',
  eventType: 'OrderCreated',
  schema: z.object({ orderId: z.string(), total: z.number().positive() }),
  handle: async () => {},
});

describe('HandlerRegistry', () => {
  it('finds the handler of a (topic, event type) and lists the topics to subscribe to', () => {
    const registry = new HandlerRegistry([created]);
    expect(registry.resolve('order.events', 'OrderCreated')).toBe(created);
    expect(registry.topics()).toEqual(['order.events']);
  });

  it('treats an event type nobody handles as a permanent error', () => {
    const registry = new HandlerRegistry([created]);
    expect(() => registry.resolve('order.events', 'OrderShipped')).toThrow(UnknownEventTypeError);
    expect(() => registry.resolve('kitchen.ticket.events', 'OrderCreated')).toThrow(UnknownEventTypeError);
  });

  it('acknowledges an event type the catalog knows but nobody here handles, still validating it; dead-letters one the catalog does not know', async () => {
    const approved = z.object({ orderId: z.string() });
    const registry = new HandlerRegistry([created], { 'order.events': { OrderCreated: created.schema, OrderApproved: approved } });
    expect(registry.resolve('order.events', 'OrderCreated')).toBe(created);
    const ignored = registry.resolve('order.events', 'OrderApproved');
    expect(isIgnored(ignored)).toBe(true);
    expect(isIgnored(created)).toBe(false);
    await expect(validatePayload(ignored.schema, { orderId: 42 }, 'OrderApproved')).rejects.toThrow(InvalidPayloadError);
    expect(() => registry.resolve('order.events', 'OrderShipped')).toThrow(UnknownEventTypeError);
    expect(registry.topics()).toEqual(['order.events']);
  });

  it('refuses two handlers for the same event type at start-up', () => {
    expect(() => new HandlerRegistry([created, { ...created }])).toThrow(/Two handlers for event type OrderCreated/);
  });
});

describe('validatePayload', () => {
  it('returns the parsed payload, or lists every problem as a permanent error', async () => {
    await expect(validatePayload(created.schema, { orderId: 'o', total: 3 }, 'OrderCreated')).resolves.toEqual({
      orderId: 'o',
      total: 3,
    });
    const invalid = validatePayload(created.schema, { total: -1 }, 'OrderCreated');
    await expect(invalid).rejects.toThrow(InvalidPayloadError);
    await expect(invalid).rejects.toThrow(/orderId: .*; total: /);
  });
});

describe('followUpOf', () => {
  it('marks an emitted event as caused by the message in hand and carries its correlation id', () => {
    const message = { messageId: 'm-1', correlationId: 'c-1', traceparent: 't-1' } as IncomingMessage;
    const event: { topic: string; correlationId?: string } = { topic: 'x' };
    expect(followUpOf(message)(event)).toEqual({ topic: 'x', causationId: 'm-1', correlationId: 'c-1' });
    expect(followUpOf(message)({ correlationId: 'own' }).correlationId).toBe('own');
  });
});
