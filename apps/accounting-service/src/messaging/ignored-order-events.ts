import { OrderEventType, orderEventSchemas, Topics } from '@ftgo/contracts';
import type { MessageHandler } from '@ftgo/messaging';
import { Injectable, type Type } from '@nestjs/common';

/**
 * Order events accounting hears on `order.events` but has nothing to do for: approval changes
 * nothing in a payment, and a cancel only reverses once the kitchen agreed (OrderCancelled). They
 * get an explicit no-op handler, because an event type without one is dead-lettered as unknown,
 * and a DLT full of every approved order would hide the messages that really failed.
 */
const IGNORED = [OrderEventType.OrderApproved, OrderEventType.OrderCancelRequested, OrderEventType.OrderCancelRefused] as const;

function ignoring(eventType: (typeof IGNORED)[number]): Type<MessageHandler> {
  @Injectable()
  class IgnoredOrderEvent implements MessageHandler {
    readonly topic = Topics.order;
    readonly eventType = eventType;
    // Still validated: a malformed event is dead-lettered like any other.
    readonly schema = orderEventSchemas[eventType];
    async handle(): Promise<void> {}
  }
  Object.defineProperty(IgnoredOrderEvent, 'name', { value: `Ignored${eventType}Handler` });
  return IgnoredOrderEvent;
}

export const ignoredOrderEventHandlers = IGNORED.map(ignoring);
