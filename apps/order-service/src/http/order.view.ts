import type { OrderSnapshot } from '../domain/order';

/**
 * What clients see of an order. `reason` explains a rejection, the last refused cancel/revision,
 * or how a deadline decided; `pendingChange` shows what the order waits for while CANCEL_PENDING
 * or REVISION_PENDING, and `deadline` until when it waits before it decides without the answers.
 */
export function orderView(order: OrderSnapshot) {
  const { pendingChange } = order;
  return {
    id: order.id,
    consumerId: order.consumerId,
    restaurantId: order.restaurantId,
    state: order.state,
    lineItems: order.lineItems,
    total: order.total,
    ticketId: order.ticketId,
    paymentId: order.paymentId,
    reason: order.reason,
    pendingChange:
      pendingChange &&
      (pendingChange.kind === 'cancel'
        ? { kind: 'cancel', cancellationId: pendingChange.cancellationId }
        : { kind: 'revision', revisionId: pendingChange.revisionId, lineItems: pendingChange.lineItems, newTotal: pendingChange.newTotal }),
    deadline: order.deadline,
    version: order.version,
  };
}

export const orderPath = (orderId: string) => `/orders/${orderId}`;
