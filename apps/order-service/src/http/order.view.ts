import { id, itemQuantity, money, pricedLineItem } from '@ftgo/contracts';
import { z } from 'zod';
import type { OrderSnapshot } from '../domain/order';
import { OrderState } from '../domain/order-state';

const pendingChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cancel'), cancellationId: id }),
  z.object({ kind: z.literal('revision'), revisionId: id, lineItems: z.array(itemQuantity), newTotal: money }),
]);

/**
 * What clients see of an order. `reason` explains a rejection, the last refused cancel/revision,
 * or how a deadline decided; `pendingChange` shows what the order waits for while CANCEL_PENDING
 * or REVISION_PENDING, and `deadline` until when it waits before it decides without the answers.
 */
export const orderViewSchema = z.object({
  id,
  consumerId: id,
  restaurantId: id,
  state: z.enum(OrderState),
  lineItems: z.array(pricedLineItem),
  total: money,
  ticketId: id.nullable(),
  paymentId: id.nullable(),
  reason: z.string().nullable(),
  pendingChange: pendingChange.nullable(),
  deadline: z.string().nullable(),
  version: z.number().int().min(1),
});

export type OrderView = z.output<typeof orderViewSchema>;

export function orderView(order: OrderSnapshot): OrderView {
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

const unavailablePart = z.object({ status: z.enum(['not-found', 'unavailable']), reason: z.string() });

/** `?include=ticket`: the kitchen's ticket, or why it could not be composed. */
const ticketPart = z.discriminatedUnion('status', [
  z.object({ status: z.literal('available'), ticketId: z.string(), state: z.string(), readyBy: z.string(), lineItems: z.array(z.object({ menuItemId: z.string(), quantity: z.number().int() })) }),
  unavailablePart,
]);

/** `?include=payment`: the accounting's payment, or why it could not be composed. */
const paymentPart = z.discriminatedUnion('status', [
  z.object({ status: z.literal('available'), paymentId: z.string(), state: z.string(), amount: money.nullable(), declineReason: z.string() }),
  unavailablePart,
]);

/** GET /orders/{id}: the order, with the parts `include` asked for. */
export const composedOrderViewSchema = orderViewSchema.extend({ ticket: ticketPart.optional(), payment: paymentPart.optional() });

/**
 * One event of GET /orders/{id}/ticket-progress: `ticket` with the ticket's progress as JSON
 * ({ticketId, state, readyBy, version}), or `unavailable` ({reason}) when the stream breaks.
 */
export const ticketProgressEventSchema = z.object({
  event: z.enum(['ticket', 'unavailable']),
  data: z.string().describe('JSON: {ticketId, state, readyBy, version} for `ticket`, {reason} for `unavailable`'),
  id: z.string().optional(),
  retry: z.number().int().optional(),
});

export const orderListSchema = z.object({ orders: z.array(orderViewSchema) });

export const orderPath = (orderId: string) => `/orders/${orderId}`;
