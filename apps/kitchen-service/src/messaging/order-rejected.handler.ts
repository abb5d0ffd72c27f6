import { OrderEventType, type OrderRejected, orderRejectedSchema, Topics } from '@ftgo/contracts';
import type { HandlerContext, MessageHandler } from '@ftgo/messaging';
import { Injectable } from '@nestjs/common';
import { TicketOfOrder } from './ticket-of-order';

/** Compensation: the order was rejected (e.g. payment declined), so its ticket is cancelled. */
@Injectable()
export class OrderRejectedHandler implements MessageHandler<OrderRejected> {
  readonly topic = Topics.order;
  readonly eventType = OrderEventType.OrderRejected;
  readonly schema = orderRejectedSchema;

  constructor(private readonly ticketOfOrder: TicketOfOrder) {}

  handle(event: OrderRejected, context: HandlerContext): Promise<void> {
    return this.ticketOfOrder.change(event.orderId, context, (ticket) => ticket.compensateRejectedOrder());
  }
}
