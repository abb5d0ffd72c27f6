import { type OrderCancelRequested, orderCancelRequestedSchema, OrderEventType, Topics } from '@ftgo/contracts';
import type { HandlerContext, MessageHandler } from '@ftgo/messaging';
import { Injectable } from '@nestjs/common';
import { TicketOfOrder } from './ticket-of-order';

/** The customer cancels: TicketCancelled until preparation starts, TicketCancelRefused after. */
@Injectable()
export class OrderCancelRequestedHandler implements MessageHandler<OrderCancelRequested> {
  readonly topic = Topics.order;
  readonly eventType = OrderEventType.OrderCancelRequested;
  readonly schema = orderCancelRequestedSchema;

  constructor(private readonly ticketOfOrder: TicketOfOrder) {}

  handle(event: OrderCancelRequested, context: HandlerContext): Promise<void> {
    return this.ticketOfOrder.change(event.orderId, context, (ticket) => ticket.cancel());
  }
}
