import { id, money } from '@ftgo/contracts';
import { z } from 'zod';
import type { PaymentSnapshot } from '../domain/payment';
import { PaymentState } from '../domain/payment-state';

/** What clients see of a payment: the snapshot, its id named for what it is. */
export const paymentViewSchema = z.object({
  paymentId: id,
  orderId: id,
  consumerId: id,
  state: z.enum(PaymentState),
  amount: money,
  declineReason: z.string().nullable(),
  pendingRevision: z.object({ revisionId: id, amount: money }).nullable(),
  version: z.number().int().min(1),
});

export type PaymentView = z.output<typeof paymentViewSchema>;

export function paymentView({ id: paymentId, ...payment }: PaymentSnapshot): PaymentView {
  return { paymentId, ...payment };
}
