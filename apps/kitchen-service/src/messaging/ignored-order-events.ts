import { OrderEventType, orderEventSchemas, Topics } from '@ftgo/contracts';
import type { MessageHandler } from '@ftgo/messaging';
import { Injectable, type Type } from '@nestjs/common';

/**
 * Order events the kitchen hears on `order.events` but has nothing to do for. They get an
 * explicit no-op handler, because an event type without a handler is dead-lettered as unknown:
 * the DLT would fill with every approved order and hide the messages that really failed.
 */
const IGNORED = [OrderEventType.OrderApproved, OrderEventType.OrderCancelled, OrderEventType.OrderCancelRefused] as const;

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
