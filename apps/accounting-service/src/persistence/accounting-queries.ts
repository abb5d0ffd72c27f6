import { id, InvalidArgumentError, NotFoundError } from '@ftgo/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AccountSnapshot } from '../domain/account';
import type { PaymentSnapshot } from '../domain/payment';
import { AccountRepository } from './account.repository';
import { PaymentRepository } from './payment.repository';

export interface PaymentView extends Omit<PaymentSnapshot, 'id'> {
  paymentId: string;
}

export type AccountView = AccountSnapshot;

const view = ({ id: paymentId, ...rest }: PaymentSnapshot): PaymentView => ({ paymentId, ...rest });

/** A malformed id is the caller's mistake (400 / INVALID_ARGUMENT), not a missing row. */
function requireId(value: string, what: string): string {
  if (!id.safeParse(value).success) throw new InvalidArgumentError(`${what} must be a UUID, got "${value}"`);
  return value;
}

/** The read side shared by the REST and gRPC APIs: one answer, one error, whoever asks. */
@Injectable()
export class AccountingQueries {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AccountRepository) private readonly accounts: AccountRepository,
    @Inject(PaymentRepository) private readonly payments: PaymentRepository,
  ) {}

  async payment(paymentId: string): Promise<PaymentView> {
    const payment = await this.payments.findById(this.dataSource.manager, requireId(paymentId, 'paymentId'));
    if (!payment) throw new NotFoundError(`no payment ${paymentId}`);
    return view(payment.snapshot());
  }

  /** The order's payment, or undefined while OrderCreated has not been handled yet. */
  async paymentOfOrder(orderId: string): Promise<PaymentView | undefined> {
    const payment = await this.payments.findByOrderId(this.dataSource.manager, requireId(orderId, 'orderId'));
    return payment && view(payment.snapshot());
  }

  async account(consumerId: string): Promise<AccountView> {
    const account = await this.accounts.find(this.dataSource.manager, requireId(consumerId, 'consumerId'));
    if (!account) throw new NotFoundError(`no account for consumer ${consumerId}`);
    return account.snapshot();
  }
}
