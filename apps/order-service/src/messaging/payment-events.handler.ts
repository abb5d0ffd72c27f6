import { Inject, Injectable } from '@nestjs/common';
import { AggregateChanges } from '@ftgo/application';
import {
  type PaymentAuthorized,
  type PaymentDeclined,
  PaymentEventType,
  type PaymentReauthorizationDeclined,
  type PaymentReauthorized,
  type PaymentReversed,
  Topics,
} from '@ftgo/contracts';
import { EventHandler, type HandlerContext } from '@ftgo/messaging';
import { Outbox } from '@ftgo/outbox';
import type { Order } from '../domain/order';
import type { OrderEvent } from '../domain/order-events';
import { OrderRepository } from '../persistence/order.repository';

/**
 * How the order answers accounting (accounting.payment.events). A voided authorization follows
 * the order's own rejection, so PaymentVoided is acknowledged and changes nothing.
 */
@Injectable()
export class PaymentEventsHandler {
  private readonly changes: AggregateChanges<Order, OrderEvent>;

  constructor(
    @Inject(OrderRepository) private readonly orders: OrderRepository,
    @Inject(Outbox) outbox: Outbox,
  ) {
    this.changes = new AggregateChanges(Topics.order, orders, outbox);
  }

  @EventHandler(Topics.payment, PaymentEventType.PaymentAuthorized)
  onPaymentAuthorized(event: PaymentAuthorized, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (order) => order.confirmPayment(event.paymentId));
  }

  @EventHandler(Topics.payment, PaymentEventType.PaymentDeclined)
  onPaymentDeclined(event: PaymentDeclined, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (order) => order.reject(`payment declined: ${event.reason}`));
  }

  @EventHandler(Topics.payment, PaymentEventType.PaymentReversed)
  onPaymentReversed(event: PaymentReversed, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (order) => order.confirmPaymentReversed());
  }

  @EventHandler(Topics.payment, PaymentEventType.PaymentReauthorized)
  onPaymentReauthorized(event: PaymentReauthorized, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (order) => order.acceptRevisionByAccounting(event.revisionId));
  }

  @EventHandler(Topics.payment, PaymentEventType.PaymentReauthorizationDeclined)
  onPaymentReauthorizationDeclined(event: PaymentReauthorizationDeclined, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (order) => order.refuseRevision(event.revisionId, event.reason));
  }

  private react(orderId: string, context: HandlerContext, decide: (order: Order) => OrderEvent[]): Promise<void> {
    return this.changes.react(context, (manager) => this.orders.get(manager, orderId), decide);
  }
}
