import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable, type Type } from '@nestjs/common';
import { type CatalogTopic, eventSchema, type EventTypeOf, type PayloadOf } from '@ftgo/contracts';
import { type HandlerContext, type MessageHandler, type PayloadSchema, PermanentError } from '@ftgo/messaging';
import { Outbox } from '@ftgo/outbox';
import { toOutboxEvents } from '../application/order-outbox-events';
import type { Order } from '../domain/order';
import { OrderNotFoundError } from '../domain/order-errors';
import type { OrderEvent } from '../domain/order-events';
import { OrderRepository } from '../persistence/order.repository';

type React<P> = (order: Order, payload: P) => OrderEvent[];

/** The contract's schema of one event type, as the payload type a handler declares. */
function schemaOf<P>(topic: CatalogTopic, eventType: string): PayloadSchema<P> {
  return eventSchema(topic as string, eventType) as PayloadSchema<P>;
}

/**
 * A handler class for one kitchen or accounting event: load the order it names, let the
 * aggregate react, save (version-checked) and add the follow-up events to the outbox — in the
 * transaction that also records the message id, so a redelivered event has no second effect.
 */
export function orderReaction<T extends CatalogTopic, E extends EventTypeOf<T>>(
  topic: T,
  eventType: E,
  react: React<PayloadOf<T, E> & { orderId: string }>,
): Type<MessageHandler> {
  @Injectable()
  class OrderReaction implements MessageHandler<PayloadOf<T, E> & { orderId: string }> {
    readonly topic = topic;
    readonly eventType = eventType;
    readonly schema = schemaOf<PayloadOf<T, E> & { orderId: string }>(topic, eventType);

    constructor(
      @Inject(OrderRepository) private readonly orders: OrderRepository,
      @Inject(Outbox) private readonly outbox: Outbox,
    ) {}

    async handle(payload: PayloadOf<T, E> & { orderId: string }, context: HandlerContext): Promise<void> {
      const { manager } = context;
      const order = await this.orders.get(manager, payload.orderId).catch((error: unknown) => {
        // No retry can make an unknown order appear: dead-letter it with the reason.
        throw error instanceof OrderNotFoundError ? new PermanentError(error.message, { cause: error }) : error;
      });
      const before = order.snapshot();
      const events = react(order, payload);
      // A stale or duplicated answer changes nothing: no write, so no spurious version bump.
      if (isDeepStrictEqual(before, order.snapshot())) return;
      await this.orders.update(manager, order);
      // causedBy: causation id = the incoming message id; correlation id and trace carried over.
      await this.outbox.add(manager, toOutboxEvents(order.id, events).map((event) => context.causedBy(event)));
    }
  }
  Object.defineProperty(OrderReaction, 'name', { value: `${eventType}Reaction` });
  return OrderReaction as Type<MessageHandler>;
}
