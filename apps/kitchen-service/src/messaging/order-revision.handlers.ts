import {
  OrderEventType,
  type OrderRevised,
  orderRevisedSchema,
  type OrderRevisionRefused,
  orderRevisionRefusedSchema,
  type OrderRevisionRequested,
  orderRevisionRequestedSchema,
  Topics,
} from '@ftgo/contracts';
import type { HandlerContext, MessageHandler } from '@ftgo/messaging';
import { Injectable } from '@nestjs/common';
import { RestaurantRepository } from '../persistence/restaurant.repository';
import { TicketOfOrder } from './ticket-of-order';

/**
 * A revision is a small two-step agreement: the kitchen accepts (and holds the new quantities as
 * pending) or refuses; the order then applies it (OrderRevised) or drops it (OrderRevisionRefused).
 */
@Injectable()
export class OrderRevisionRequestedHandler implements MessageHandler<OrderRevisionRequested> {
  readonly topic = Topics.order;
  readonly eventType = OrderEventType.OrderRevisionRequested;
  readonly schema = orderRevisionRequestedSchema;

  constructor(
    private readonly ticketOfOrder: TicketOfOrder,
    private readonly restaurants: RestaurantRepository,
  ) {}

  handle(event: OrderRevisionRequested, context: HandlerContext): Promise<void> {
    const { revisionId, lineItems } = event;
    return this.ticketOfOrder.change(event.orderId, context, async (ticket) => {
      const restaurant = await this.restaurants.findById(context.manager, ticket.restaurantId);
      const problem = restaurant ? restaurant.problemWith(lineItems) : `no restaurant ${ticket.restaurantId}`;
      return problem ? ticket.refuseRevision(revisionId, problem) : ticket.proposeRevision({ revisionId, lineItems });
    });
  }
}

@Injectable()
export class OrderRevisedHandler implements MessageHandler<OrderRevised> {
  readonly topic = Topics.order;
  readonly eventType = OrderEventType.OrderRevised;
  readonly schema = orderRevisedSchema;

  constructor(private readonly ticketOfOrder: TicketOfOrder) {}

  handle(event: OrderRevised, context: HandlerContext): Promise<void> {
    return this.ticketOfOrder.change(event.orderId, context, (ticket) => ticket.applyRevision(event.revisionId));
  }
}

@Injectable()
export class OrderRevisionRefusedHandler implements MessageHandler<OrderRevisionRefused> {
  readonly topic = Topics.order;
  readonly eventType = OrderEventType.OrderRevisionRefused;
  readonly schema = orderRevisionRefusedSchema;

  constructor(private readonly ticketOfOrder: TicketOfOrder) {}

  handle(event: OrderRevisionRefused, context: HandlerContext): Promise<void> {
    return this.ticketOfOrder.change(event.orderId, context, (ticket) => ticket.dropRevision(event.revisionId));
  }
}
