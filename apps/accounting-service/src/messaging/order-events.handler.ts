import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { acknowledgeUnchanged, AggregateChanges, toOutboxEvents } from '@ftgo/application';
import {
  type OrderCancelled,
  type OrderCreated,
  OrderEventType,
  type OrderRejected,
  type OrderRevised,
  type OrderRevisionRefused,
  type OrderRevisionRequested,
  Topics,
} from '@ftgo/contracts';
import { EventHandler, type HandlerContext } from '@ftgo/messaging';
import { Outbox } from '@ftgo/outbox';
import { SERVICE_CONFIG } from '@ftgo/platform';
import type { AccountingConfig } from '../config/accounting.config';
import { Payment } from '../domain/payment';
import type { PaymentEvent } from '../domain/payment-events';
import { AccountRepository } from '../persistence/account.repository';
import { PaymentRepository } from '../persistence/payment.repository';

/**
 * Accounting's side of the choreography (order.events): a payment for every new order, then the
 * order's rejection, cancellation and revisions applied to it. OrderApproved changes nothing in
 * a payment, and a cancel only reverses once the kitchen agreed (OrderCancelled), so
 * OrderApproved, OrderCancelRequested and OrderCancelRefused are acknowledged.
 */
@Injectable()
export class OrderEventsHandler {
  private readonly changes: AggregateChanges<Payment, PaymentEvent>;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AccountingConfig,
    @Inject(AccountRepository) private readonly accounts: AccountRepository,
    @Inject(PaymentRepository) private readonly payments: PaymentRepository,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {
    this.changes = new AggregateChanges(Topics.payment, payments, outbox);
  }

  /** A new order: open the consumer's account if needed, then authorize or decline its total. */
  @EventHandler(Topics.order, OrderEventType.OrderCreated)
  async onOrderCreated(order: OrderCreated, context: HandlerContext): Promise<void> {
    const { manager, causedBy } = context;
    // The message id already deduplicates redeliveries; this catches the same order sent twice
    // under two message ids, which must not authorize a second payment.
    const existing = await this.payments.findByOrderId(manager, order.orderId);
    if (existing) return acknowledgeUnchanged(context, `order ${order.orderId} already has payment ${existing.id} (${existing.state})`);
    const defaultLimit = { amountMinor: this.config.ACCOUNT_DEFAULT_LIMIT_MINOR, currency: this.config.ACCOUNT_DEFAULT_CURRENCY };
    const account = await this.accounts.findOrOpen(manager, order.consumerId, defaultLimit);
    const { payment, events } = Payment.create({ id: randomUUID(), orderId: order.orderId, consumerId: order.consumerId, amount: order.total }, account);
    await this.payments.insert(manager, payment);
    await this.outbox.add(manager, toOutboxEvents(Topics.payment, payment.id, events).map(causedBy));
  }

  /** Compensation: the order was rejected (by kitchen, or because we declined), so release the authorization. */
  @EventHandler(Topics.order, OrderEventType.OrderRejected)
  onOrderRejected(event: OrderRejected, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (payment) => payment.void());
  }

  /** The kitchen cancelled the ticket and the order is cancelled: give the money back. */
  @EventHandler(Topics.order, OrderEventType.OrderCancelled)
  onOrderCancelled(event: OrderCancelled, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (payment) => payment.reverse());
  }

  /** A revision asks for a new total: re-authorize it against the consumer's account. */
  @EventHandler(Topics.order, OrderEventType.OrderRevisionRequested)
  onOrderRevisionRequested(event: OrderRevisionRequested, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, async (payment) => {
      const account = await this.accounts.get(context.manager, payment.consumerId);
      return payment.reauthorize(event.revisionId, event.newTotal, account);
    });
  }

  /** Both sides accepted the revision: the pending total becomes the payment's amount. */
  @EventHandler(Topics.order, OrderEventType.OrderRevised)
  onOrderRevised(event: OrderRevised, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (payment) => payment.applyRevision(event.revisionId));
  }

  /** One side refused the revision: release the pending total, the old amount stays. */
  @EventHandler(Topics.order, OrderEventType.OrderRevisionRefused)
  onOrderRevisionRefused(event: OrderRevisionRefused, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (payment) => payment.dropRevision(event.revisionId));
  }

  private react(orderId: string, context: HandlerContext, decide: (payment: Payment) => PaymentEvent[] | Promise<PaymentEvent[]>): Promise<void> {
    return this.changes.react(context, (manager) => this.payments.getByOrderId(manager, orderId), decide);
  }
}
