import {
  type OrderCancelled,
  orderCancelledSchema,
  OrderEventType,
  type OrderRejected,
  orderRejectedSchema,
  Topics,
} from '@ftgo/contracts';
import type { HandlerContext, MessageHandler } from '@ftgo/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { PaymentChanges } from './payment-changes';

/** Compensation: the order was rejected (by kitchen, or because we declined), so release the authorization. */
@Injectable()
export class OrderRejectedHandler implements MessageHandler<OrderRejected> {
  readonly topic = Topics.order;
  readonly eventType = OrderEventType.OrderRejected;
  readonly schema = orderRejectedSchema;

  constructor(@Inject(PaymentChanges) private readonly changes: PaymentChanges) {}

  handle(event: OrderRejected, context: HandlerContext): Promise<void> {
    return this.changes.apply(event.orderId, context, (payment) => payment.void());
  }
}

/** The kitchen cancelled the ticket and the order is cancelled: give the money back. */
@Injectable()
export class OrderCancelledHandler implements MessageHandler<OrderCancelled> {
  readonly topic = Topics.order;
  readonly eventType = OrderEventType.OrderCancelled;
  readonly schema = orderCancelledSchema;

  constructor(@Inject(PaymentChanges) private readonly changes: PaymentChanges) {}

  handle(event: OrderCancelled, context: HandlerContext): Promise<void> {
    return this.changes.apply(event.orderId, context, (payment) => payment.reverse());
  }
}
