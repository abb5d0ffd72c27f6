import { UnknownEventTypeError } from '../errors/permanent-error';
import type { MessageHandler } from './message-handler';
import type { PayloadSchema } from './payload-schema';

/** Per topic, the event types that exist and their payload schemas (the contracts' EventCatalog). */
export type EventSchemas = Readonly<Record<string, Readonly<Record<string, PayloadSchema<unknown>>>>>;

/** A handler the registry makes for a known event type nobody in this group handles. */
export interface IgnoredEvent extends MessageHandler {
  readonly ignored: true;
}

export function isIgnored(handler: MessageHandler): handler is IgnoredEvent {
  return (handler as Partial<IgnoredEvent>).ignored === true;
}

/**
 * Which handler runs for (topic, event type). One handler per pair: two would race on one
 * transaction. An event type the catalog knows on a subscribed topic but nobody here handles is
 * validated and acknowledged (ignored), so a new event type never forces an edit in every
 * consumer; one the catalog does not know is a permanent error (dead-lettered).
 */
export class HandlerRegistry {
  private readonly handlers = new Map<string, MessageHandler>();

  constructor(
    handlers: Iterable<MessageHandler> = [],
    private readonly catalog: EventSchemas = {},
  ) {
    for (const handler of handlers) this.register(handler);
  }

  register<T>(handler: MessageHandler<T>): this {
    const key = this.key(handler.topic, handler.eventType);
    if (this.handlers.has(key)) {
      throw new Error(`Two handlers for event type ${handler.eventType} on topic ${handler.topic}`);
    }
    this.handlers.set(key, handler as MessageHandler);
    return this;
  }

  resolve(topic: string, eventType: string): MessageHandler {
    const handler = this.handlers.get(this.key(topic, eventType));
    if (handler) return handler;
    const schema = this.catalog[topic]?.[eventType];
    if (schema) {
      const ignored: IgnoredEvent = { topic, eventType, schema, ignored: true, handle: async () => undefined };
      return ignored;
    }
    throw new UnknownEventTypeError(`no handler for event type ${eventType} on topic ${topic}`);
  }

  topics(): string[] {
    return [...new Set([...this.handlers.values()].map((handler) => handler.topic))];
  }

  private key(topic: string, eventType: string): string {
    return `${topic}\u0000${eventType}`;
  }
}
