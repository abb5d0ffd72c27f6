import { SetMetadata } from '@nestjs/common';
import type { CatalogTopic, EventTypeOf, PayloadOf } from '@ftgo/contracts';
import type { HandlerContext } from './message-handler';
import type { PayloadSchema } from './payload-schema';

export const EVENT_HANDLER_METADATA = 'ftgo:event-handler';

export interface EventHandlerMetadata {
  topic: string;
  eventType: string;
  /** Only for topics outside the contracts' catalog; otherwise the catalog's schema is used. */
  schema?: PayloadSchema<unknown>;
}

type Handle<P> = (payload: P, context: HandlerContext) => Promise<void>;
type HandleDecorator<P> = <M extends Handle<P>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>) => void;

/**
 * Declares a provider's method as the handler of one event type on one topic:
 *
 * ```ts
 * @EventHandler(Topics.order, OrderEventType.OrderCreated)
 * onOrderCreated(event: OrderCreated, context: HandlerContext) { ... }
 * ```
 *
 * MessagingModule finds every such method in the application (Nest's DiscoveryService) and the
 * idempotent consumer runs it in the message's transaction. The payload is validated against
 * the contracts' schema of the event type before; its type is checked here at compile time.
 */
export function EventHandler<T extends CatalogTopic, E extends EventTypeOf<T>>(topic: T, eventType: E): HandleDecorator<PayloadOf<T, E>>;
export function EventHandler<P>(topic: string, eventType: string, options: { schema: PayloadSchema<P> }): HandleDecorator<P>;
export function EventHandler(topic: string, eventType: string, options: { schema?: PayloadSchema<unknown> } = {}): MethodDecorator {
  return SetMetadata<string, EventHandlerMetadata>(EVENT_HANDLER_METADATA, { topic, eventType, schema: options.schema });
}
