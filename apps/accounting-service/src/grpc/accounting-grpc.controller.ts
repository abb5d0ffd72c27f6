import { Controller, Inject, UseFilters, UseInterceptors } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import type { Account, Payment } from '@ftgo/contracts';
import { GrpcCallInterceptor, GrpcExceptionFilter } from '@ftgo/platform';
import type { z } from 'zod';
import { AccountQueries } from '../application/account-queries';
import { PaymentQueries } from '../application/payment-queries';
import type { PaymentSnapshot } from '../domain/payment';
import { getAccountRequest, getPaymentByOrderRequest, getPaymentRequest } from './accounting-grpc.schemas';

function toGrpcPayment(payment: PaymentSnapshot): Payment {
  return {
    paymentId: payment.id,
    orderId: payment.orderId,
    consumerId: payment.consumerId,
    state: payment.state,
    amount: payment.amount,
    declineReason: payment.declineReason ?? '',
    version: payment.version,
  };
}

/**
 * accounting.v1.AccountingService: the three reads, over the same queries as the REST API. Each
 * request is validated by its zod schema (INVALID_ARGUMENT); domain errors and bugs become
 * statuses in GrpcExceptionFilter; GrpcCallInterceptor carries the caller's correlation id and deadline.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCallInterceptor)
export class AccountingGrpcController {
  constructor(
    @Inject(PaymentQueries) private readonly payments: PaymentQueries,
    @Inject(AccountQueries) private readonly accounts: AccountQueries,
  ) {}

  @GrpcMethod('AccountingService', 'GetPayment')
  async getPayment(@Payload({ schema: getPaymentRequest }) request: z.output<typeof getPaymentRequest>): Promise<Payment> {
    return toGrpcPayment(await this.payments.byId(request.paymentId));
  }

  @GrpcMethod('AccountingService', 'GetPaymentByOrder')
  async getPaymentByOrder(@Payload({ schema: getPaymentByOrderRequest }) request: z.output<typeof getPaymentByOrderRequest>): Promise<Payment> {
    return toGrpcPayment(await this.payments.byOrderId(request.orderId));
  }

  @GrpcMethod('AccountingService', 'GetAccount')
  getAccount(@Payload({ schema: getAccountRequest }) request: z.output<typeof getAccountRequest>): Promise<Account> {
    return this.accounts.byConsumerId(request.consumerId);
  }
}
