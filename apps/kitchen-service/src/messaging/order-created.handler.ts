import { randomUUID } from 'node:crypto';
import { type OrderCreated, OrderEventType, orderCreatedSchema, Topics } from '@ftgo/contracts';
import type { HandlerContext, MessageHandler } from '@ftgo/messaging';
import { Injectable, Logger } from '@nestjs/common';
import { Ticket } from '../domain/ticket';
import { RestaurantRepository } from '../persistence/restaurant.repository';
import { TicketRepository } from '../persistence/ticket.repository';
import { TicketOfOrder } from './ticket-of-order';

/**
 * OrderCreated → a ticket AWAITING_ACCEPTANCE (TicketCreated), or REJECTED (TicketRejected) when
 * the restaurant closed or the menu changed since the order was validated.
 */
@Injectable()
export class OrderCreatedHandler implements MessageHandler<OrderCreated> {
  readonly topic = Topics.order;
  readonly eventType = OrderEventType.OrderCreated;
  readonly schema = orderCreatedSchema;
  private readonly logger = new Logger(OrderCreatedHandler.name);

  constructor(
    private readonly tickets: TicketRepository,
    private readonly restaurants: RestaurantRepository,
    private readonly ticketOfOrder: TicketOfOrder,
  ) {}

  async handle(order: OrderCreated, context: HandlerContext): Promise<void> {
    // The message id dedups redeliveries; this covers the same order published twice under new ids.
    if (await this.tickets.findByOrderId(context.manager, order.orderId)) {
      this.logger.warn(`order ${order.orderId} already has a ticket; OrderCreated ${context.message.messageId} ignored`);
      return;
    }
    const restaurant = await this.restaurants.findById(context.manager, order.restaurantId);
    const lineItems = order.lineItems.map(({ menuItemId, quantity }) => ({ menuItemId, quantity }));
    const newTicket = { id: randomUUID(), orderId: order.orderId, restaurantId: order.restaurantId, lineItems };
    const { ticket, events } = Ticket.create(newTicket, restaurant);
    await this.tickets.insert(context.manager, ticket);
    await this.ticketOfOrder.addEvents(context, events);
  }
}
