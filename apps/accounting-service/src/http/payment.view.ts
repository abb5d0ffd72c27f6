import type { PaymentSnapshot } from '../domain/payment';

/** What clients see of a payment: the snapshot, its id named for what it is. */
export function paymentView({ id: paymentId, ...payment }: PaymentSnapshot) {
  return { paymentId, ...payment };
}

export type PaymentView = ReturnType<typeof paymentView>;
