import { Injectable, type Type } from '@nestjs/common';
import type { MessageHandler } from '../handlers/message-handler';
import type { PayloadSchema } from '../handlers/payload-schema';

/**
 * No-op handlers for event types a service hears on a topic but has nothing to do for. Without a
 * handler an event type is dead-lettered as unknown, and a dead-letter topic full of, say, every
 * approved order would hide the messages that really failed. The payload is still validated: a
 * malformed event is dead-lettered like any other.
 */
export function ignoredEventHandlers<E extends string>(
  topic: string,
  eventTypes: readonly E[],
  schemas: Record<E, PayloadSchema<unknown>>,
): Type<MessageHandler>[] {
  return eventTypes.map((eventType) => {
    @Injectable()
    class IgnoredEvent implements MessageHandler {
      readonly topic = topic;
      readonly eventType = eventType;
      readonly schema = schemas[eventType];
      async handle(): Promise<void> {}
    }
    Object.defineProperty(IgnoredEvent, 'name', { value: `Ignored${eventType}Handler` });
    return IgnoredEvent;
  });
}
