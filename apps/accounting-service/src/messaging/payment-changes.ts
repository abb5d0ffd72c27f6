import { isDeepStrictEqual } from 'node:util';
import { DomainError } from '@ftgo/contracts';
import { type HandlerContext, PermanentError } from '@ftgo/messaging';
import { Outbox } from '@ftgo/outbox';
import { Inject, Injectable } from '@nestjs/common';
import type { Payment } from '../domain/payment';
import type { PaymentEvent } from '../domain/payment-events';
import { PaymentRepository } from '../persistence/payment.repository';
import { toOutboxEvents } from './payment-outbox-events';

type Change = (payment: Payment) => PaymentEvent[] | Promise<PaymentEvent[]>;

/**
 * One use case of an order event on an existing payment, in the consumer's transaction: load the
 * order's payment, call the aggregate method, save it (version-checked) and add its events to the
 * outbox. An event the payment can never accept (no payment for the order, an illegal transition)
 * is a PermanentError: it goes to the dead-letter topic with the reason, and the partition moves on.
 */
@Injectable()
export class PaymentChanges {
  constructor(
    @Inject(PaymentRepository) private readonly payments: PaymentRepository,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {}

  async apply(orderId: string, { manager, causedBy }: HandlerContext, change: Change): Promise<void> {
    const payment = await this.payments.findByOrderId(manager, orderId);
    if (!payment) throw new PermanentError(`order ${orderId} has no payment`);
    const before = payment.snapshot();
    const events = await this.refusalsArePermanent(payment, change);
    // A no-op (voiding a declined payment) writes nothing: the version moves only on a real change.
    if (!isDeepStrictEqual(before, payment.snapshot())) await this.payments.update(manager, payment);
    await this.outbox.add(manager, toOutboxEvents(events).map(causedBy));
  }

  private async refusalsArePermanent(payment: Payment, change: Change): Promise<PaymentEvent[]> {
    try {
      return await change(payment);
    } catch (error) {
      // Retrying cannot make an illegal transition legal: dead-letter it, with the state in the reason.
      if (error instanceof DomainError) throw new PermanentError(`payment ${payment.id}: ${error.message}`, { cause: error });
      throw error;
    }
  }
}
