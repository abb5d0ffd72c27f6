import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PaymentSnapshot } from '../domain/payment';
import { PaymentRepository } from '../persistence/payment.repository';

/** The payments as REST and gRPC read them: one answer, one error, whoever asks. */
@Injectable()
export class PaymentQueries {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PaymentRepository) private readonly payments: PaymentRepository,
  ) {}

  async byId(paymentId: string): Promise<PaymentSnapshot> {
    return (await this.payments.get(this.dataSource.manager, paymentId)).snapshot();
  }

  async byOrderId(orderId: string): Promise<PaymentSnapshot> {
    return (await this.payments.getByOrderId(this.dataSource.manager, orderId)).snapshot();
  }

  /** A list of zero or one: the payment may not exist yet while OrderCreated is on its way. */
  async listByOrderId(orderId: string): Promise<PaymentSnapshot[]> {
    const payment = await this.payments.findByOrderId(this.dataSource.manager, orderId);
    return payment ? [payment.snapshot()] : [];
  }
}
