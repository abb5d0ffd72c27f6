import type { EntityManager } from 'typeorm';
import type { IncomingMessage } from '../envelope/incoming-message';
import type { PayloadSchema } from './payload-schema';

/** What a handler gets besides its payload. */
export interface HandlerContext {
  /** The transaction that also holds the processed_message row: write through it, and only it. */
  manager: EntityManager;
  message: IncomingMessage;
  /**
   * Stamps an event this handler emits (e.g. for `outbox.add(context.manager, ...)`) as caused by
   * the message in hand: causation id = its message id; correlation id carried over. (The trace
   * context is the handler's span, stamped where the event is written.)
   */
  causedBy<E extends object & FollowUpEvent>(event: E): E;
}

/** The metadata fields of an outgoing event (the shape of `OutboxEvent` in @ftgo/outbox). */
export interface FollowUpEvent {
  correlationId?: string;
  causationId?: string;
  traceparent?: string;
}

/** One event type on one topic, with the schema its payload must match. */
export interface MessageHandler<T = unknown> {
  readonly topic: string;
  readonly eventType: string;
  readonly schema: PayloadSchema<T>;
  handle(payload: T, context: HandlerContext): Promise<void>;
}

/** Lets TypeScript infer the payload type from the schema for a handler written as an object. */
export function defineHandler<T>(handler: MessageHandler<T>): MessageHandler<T> {
  return handler;
}

export function followUpOf(message: IncomingMessage) {
  return <E extends object & FollowUpEvent>(event: E): E => ({
    ...event,
    causationId: message.messageId,
    correlationId: event.correlationId ?? message.correlationId,
  });
}
