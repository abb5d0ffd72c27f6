/**
 * The states of an order. Each pending state waits for the kitchen's and the accounting's
 * answers (events), so the order is never "half approved": it stays pending until both replied.
 */
export const OrderState = {
  APPROVAL_PENDING: 'APPROVAL_PENDING',
  APPROVED: 'APPROVED',
  REJECTED: 'REJECTED',
  CANCEL_PENDING: 'CANCEL_PENDING',
  CANCELLED: 'CANCELLED',
  REVISION_PENDING: 'REVISION_PENDING',
} as const;

export type OrderState = (typeof OrderState)[keyof typeof OrderState];
