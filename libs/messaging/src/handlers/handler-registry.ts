import { UnknownEventTypeError } from '../errors/permanent-error';
import type { MessageHandler } from './message-handler';

/** Which handler runs for (topic, event type). One handler per pair: two would race on one transaction. */
export class HandlerRegistry {
  private readonly handlers = new Map<string, MessageHandler>();

  constructor(handlers: Iterable<MessageHandler> = []) {
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
    if (!handler) throw new UnknownEventTypeError(`no handler for event type ${eventType} on topic ${topic}`);
    return handler;
  }

  topics(): string[] {
    return [...new Set([...this.handlers.values()].map((handler) => handler.topic))];
  }

  private key(topic: string, eventType: string): string {
    return `${topic}\u0000${eventType}`;
  }
}
