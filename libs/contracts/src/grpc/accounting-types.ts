// The generated accounting.v1 types under short names (received shapes, defaults filled in).
export type { ProtoGrpcType as AccountingProto } from '../generated/accounting';
export type {
  AccountingServiceClient,
  AccountingServiceDefinition,
  AccountingServiceHandlers,
} from '../generated/accounting/v1/AccountingService';
export type { Account__Output as Account } from '../generated/accounting/v1/Account';
export type { GetAccountRequest } from '../generated/accounting/v1/GetAccountRequest';
export type { GetPaymentByOrderRequest } from '../generated/accounting/v1/GetPaymentByOrderRequest';
export type { GetPaymentRequest } from '../generated/accounting/v1/GetPaymentRequest';
export type { Payment__Output as Payment } from '../generated/accounting/v1/Payment';
export type { PaymentState__Output as PaymentState } from '../generated/accounting/v1/PaymentState';
export type { Money__Output as GrpcMoney } from '../generated/common/v1/Money';
