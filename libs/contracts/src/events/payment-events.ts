import { z } from 'zod';
import { id, money, reason } from './shared.schema';

/** Events of the Payment aggregate, on `accounting.payment.events`, keyed by paymentId. */
export const PaymentEventType = {
  PaymentAuthorized: 'PaymentAuthorized',
  PaymentDeclined: 'PaymentDeclined',
  PaymentVoided: 'PaymentVoided',
  PaymentReversed: 'PaymentReversed',
  PaymentReauthorized: 'PaymentReauthorized',
  PaymentReauthorizationDeclined: 'PaymentReauthorizationDeclined',
} as const;

/** Every payment event names its order: the order service reacts to them by orderId. */
const paymentRef = z.object({ paymentId: id, orderId: id });

export const paymentAuthorizedSchema = paymentRef.extend({ consumerId: id, amount: money });
export const paymentDeclinedSchema = paymentRef.extend({ consumerId: id, reason });

/** Compensation for a rejected order: the authorization is released, nothing was charged. */
export const paymentVoidedSchema = paymentRef;

/** A cancelled order: the authorized amount goes back to the consumer. */
export const paymentReversedSchema = paymentRef.extend({ amount: money });

/** A revision's new total is authorized (pending until OrderRevised). */
export const paymentReauthorizedSchema = paymentRef.extend({ revisionId: id, amount: money });
export const paymentReauthorizationDeclinedSchema = paymentRef.extend({ revisionId: id, reason });

export const paymentEventSchemas = {
  [PaymentEventType.PaymentAuthorized]: paymentAuthorizedSchema,
  [PaymentEventType.PaymentDeclined]: paymentDeclinedSchema,
  [PaymentEventType.PaymentVoided]: paymentVoidedSchema,
  [PaymentEventType.PaymentReversed]: paymentReversedSchema,
  [PaymentEventType.PaymentReauthorized]: paymentReauthorizedSchema,
  [PaymentEventType.PaymentReauthorizationDeclined]: paymentReauthorizationDeclinedSchema,
} as const;

export type PaymentAuthorized = z.infer<typeof paymentAuthorizedSchema>;
export type PaymentDeclined = z.infer<typeof paymentDeclinedSchema>;
export type PaymentVoided = z.infer<typeof paymentVoidedSchema>;
export type PaymentReversed = z.infer<typeof paymentReversedSchema>;
export type PaymentReauthorized = z.infer<typeof paymentReauthorizedSchema>;
export type PaymentReauthorizationDeclined = z.infer<typeof paymentReauthorizationDeclinedSchema>;
