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
import { Inject, Injectable } from '@nestjs/common';
import { AccountRepository } from '../persistence/account.repository';
import { PaymentChanges } from './payment-changes';

/** A revision asks for a new total: re-authorize it against the consumer's account. */
@Injectable()
export class OrderRevisionRequestedHandler implements MessageHandler<OrderRevisionRequested> {
  readonly topic = Topics.order;
  readonly eventType = OrderEventType.OrderRevisionRequested;
  readonly schema = orderRevisionRequestedSchema;

  constructor(
    @Inject(AccountRepository) private readonly accounts: AccountRepository,
    @Inject(PaymentChanges) private readonly changes: PaymentChanges,
  ) {}

  handle(event: OrderRevisionRequested, context: HandlerContext): Promise<void> {
    return this.changes.apply(event.orderId, context, async (payment) => {
      const account = await this.accounts.get(context.manager, payment.consumerId);
      return payment.reauthorize(event.revisionId, event.newTotal, account);
    });
  }
}

/** Both sides accepted the revision: the pending total becomes the payment's amount. */
@Injectable()
export class OrderRevisedHandler implements MessageHandler<OrderRevised> {
  readonly topic = Topics.order;
  readonly eventType = OrderEventType.OrderRevised;
  readonly schema = orderRevisedSchema;

  constructor(@Inject(PaymentChanges) private readonly changes: PaymentChanges) {}

  handle(event: OrderRevised, context: HandlerContext): Promise<void> {
    return this.changes.apply(event.orderId, context, (payment) => payment.applyRevision(event.revisionId));
  }
}

/** One side refused the revision: release the pending total, the old amount stays. */
@Injectable()
export class OrderRevisionRefusedHandler implements MessageHandler<OrderRevisionRefused> {
  readonly topic = Topics.order;
  readonly eventType = OrderEventType.OrderRevisionRefused;
  readonly schema = orderRevisionRefusedSchema;

  constructor(@Inject(PaymentChanges) private readonly changes: PaymentChanges) {}

  handle(event: OrderRevisionRefused, context: HandlerContext): Promise<void> {
    return this.changes.apply(event.orderId, context, (payment) => payment.dropRevision(event.revisionId));
  }
}
