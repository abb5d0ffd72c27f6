import {
  type Account,
  type AccountingServiceHandlers,
  type GetAccountRequest,
  type GetPaymentByOrderRequest,
  type GetPaymentRequest,
  NotFoundError,
  type Payment,
  unaryHandler,
} from '@ftgo/contracts';
import { correlatedGrpcHandler } from '@ftgo/platform';
import type { AccountingQueries, AccountView, PaymentView } from '../persistence/accounting-queries';

const toGrpcPayment = (payment: PaymentView): Payment => ({
  paymentId: payment.paymentId,
  orderId: payment.orderId,
  consumerId: payment.consumerId,
  state: payment.state,
  amount: payment.amount,
  declineReason: payment.declineReason ?? '',
  version: payment.version,
});

const toGrpcAccount = (account: AccountView): Account => ({
  consumerId: account.consumerId,
  enabled: account.enabled,
  authorizationLimit: account.authorizationLimit,
});

type Unary = ReturnType<typeof unaryHandler>;

/**
 * accounting.v1's three reads over the shared queries. `unaryHandler` maps domain errors to their
 * status (INVALID_ARGUMENT, NOT_FOUND) and anything else to INTERNAL without leaking its message.
 */
export function accountingGrpcHandlers(
  queries: AccountingQueries,
  onUnexpected: (error: unknown) => void,
): AccountingServiceHandlers {
  const handlers = {
    GetPayment: unaryHandler(
      async (request: GetPaymentRequest) => toGrpcPayment(await queries.payment(request.paymentId ?? '')),
      onUnexpected,
    ),
    GetPaymentByOrder: unaryHandler(async (request: GetPaymentByOrderRequest) => {
      const orderId = request.orderId ?? '';
      const payment = await queries.paymentOfOrder(orderId);
      if (!payment) throw new NotFoundError(`no payment for order ${orderId}`);
      return toGrpcPayment(payment);
    }, onUnexpected),
    GetAccount: unaryHandler(
      async (request: GetAccountRequest) => toGrpcAccount(await queries.account(request.consumerId ?? '')),
      onUnexpected,
    ),
  };
  return Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [name, correlatedGrpcHandler(handler as Unary)]),
  ) as unknown as AccountingServiceHandlers;
}
