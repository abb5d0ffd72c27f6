import { randomUUID } from 'node:crypto';
import { type OrderCreated, orderCreatedSchema, OrderEventType, Topics } from '@ftgo/contracts';
import { type HandlerContext, type MessageHandler, PermanentError } from '@ftgo/messaging';
import { Outbox } from '@ftgo/outbox';
import { SERVICE_CONFIG } from '@ftgo/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { AccountingConfig } from '../config/accounting.config';
import { Payment } from '../domain/payment';
import { AccountRepository } from '../persistence/account.repository';
import { PaymentRepository } from '../persistence/payment.repository';
import { toOutboxEvents } from './payment-outbox-events';

/** A new order: open the consumer's account if needed, then authorize or decline its total. */
@Injectable()
export class OrderCreatedHandler implements MessageHandler<OrderCreated> {
  readonly topic = Topics.order;
  readonly eventType = OrderEventType.OrderCreated;
  readonly schema = orderCreatedSchema;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AccountingConfig,
    @Inject(AccountRepository) private readonly accounts: AccountRepository,
    @Inject(PaymentRepository) private readonly payments: PaymentRepository,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {}

  async handle(order: OrderCreated, { manager, causedBy }: HandlerContext): Promise<void> {
    // The message id already deduplicates redeliveries; this catches the same order sent twice
    // under two message ids, which must not authorize a second payment.
    const existing = await this.payments.findByOrderId(manager, order.orderId);
    if (existing) throw new PermanentError(`order ${order.orderId} already has payment ${existing.id} (${existing.state})`);
    const account = await this.accounts.findOrOpen(manager, order.consumerId, this.defaultLimit());
    const request = { id: randomUUID(), orderId: order.orderId, consumerId: order.consumerId, amount: order.total };
    const { payment, events } = Payment.create(request, account);
    await this.payments.insert(manager, payment);
    await this.outbox.add(manager, toOutboxEvents(events).map(causedBy));
  }

  private defaultLimit() {
    return { amountMinor: this.config.ACCOUNT_DEFAULT_LIMIT_MINOR, currency: this.config.ACCOUNT_DEFAULT_CURRENCY };
  }
}
