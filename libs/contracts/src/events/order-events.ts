import { z } from 'zod';
import { id, itemQuantity, money, pricedLineItem, reason } from './shared.schema';

/** Events of the Order aggregate, on `order.events`, keyed by orderId. */
export const OrderEventType = {
  OrderCreated: 'OrderCreated',
  OrderApproved: 'OrderApproved',
  OrderRejected: 'OrderRejected',
  OrderCancelRequested: 'OrderCancelRequested',
  OrderCancelled: 'OrderCancelled',
  OrderCancelRefused: 'OrderCancelRefused',
  OrderRevisionRequested: 'OrderRevisionRequested',
  OrderRevised: 'OrderRevised',
  OrderRevisionRefused: 'OrderRevisionRefused',
} as const;

/** Kitchen creates a ticket from it; accounting authorizes `total` for `consumerId`. */
export const orderCreatedSchema = z.object({
  orderId: id,
  consumerId: id,
  restaurantId: id,
  lineItems: z.array(pricedLineItem).min(1),
  total: money,
});

/** Ticket and payment both confirmed: kitchen confirms the pending ticket, which it may now cook. */
export const orderApprovedSchema = z.object({ orderId: id });

/**
 * Either side refused, or the approval deadline passed: kitchen cancels its pending ticket,
 * accounting voids its authorization.
 */
export const orderRejectedSchema = z.object({ orderId: id, reason });

/**
 * Kitchen holds the cancel (the ticket is CANCEL_PENDING: nothing is cooked while the order
 * decides) unless the ticket is already being prepared. `cancellationId` pairs the kitchen's
 * answer with this request, not with an earlier one that timed out.
 */
export const orderCancelRequestedSchema = z.object({ orderId: id, cancellationId: id });

/** The order is cancelled (kitchen held the cancel): kitchen cancels the ticket, accounting reverses the payment. */
export const orderCancelledSchema = z.object({ orderId: id, cancellationId: id });

/**
 * The cancel is off — kitchen refused, or the cancel deadline passed before it answered: the
 * order is APPROVED again, with the reason, and kitchen releases a cancel it held.
 */
export const orderCancelRefusedSchema = z.object({ orderId: id, cancellationId: id, reason });

/**
 * Kitchen checks the new quantities, accounting re-authorizes the new total. Both hold the
 * revision as pending until OrderRevised (apply it) or OrderRevisionRefused (drop it).
 */
export const orderRevisionRequestedSchema = z.object({
  orderId: id,
  revisionId: id,
  lineItems: z.array(itemQuantity).min(1),
  newTotal: money,
});

export const orderRevisedSchema = z.object({
  orderId: id,
  revisionId: id,
  lineItems: z.array(itemQuantity).min(1),
  total: money,
});

export const orderRevisionRefusedSchema = z.object({ orderId: id, revisionId: id, reason });

export const orderEventSchemas = {
  [OrderEventType.OrderCreated]: orderCreatedSchema,
  [OrderEventType.OrderApproved]: orderApprovedSchema,
  [OrderEventType.OrderRejected]: orderRejectedSchema,
  [OrderEventType.OrderCancelRequested]: orderCancelRequestedSchema,
  [OrderEventType.OrderCancelled]: orderCancelledSchema,
  [OrderEventType.OrderCancelRefused]: orderCancelRefusedSchema,
  [OrderEventType.OrderRevisionRequested]: orderRevisionRequestedSchema,
  [OrderEventType.OrderRevised]: orderRevisedSchema,
  [OrderEventType.OrderRevisionRefused]: orderRevisionRefusedSchema,
} as const;

export type OrderCreated = z.infer<typeof orderCreatedSchema>;
export type OrderApproved = z.infer<typeof orderApprovedSchema>;
export type OrderRejected = z.infer<typeof orderRejectedSchema>;
export type OrderCancelRequested = z.infer<typeof orderCancelRequestedSchema>;
export type OrderCancelled = z.infer<typeof orderCancelledSchema>;
export type OrderCancelRefused = z.infer<typeof orderCancelRefusedSchema>;
export type OrderRevisionRequested = z.infer<typeof orderRevisionRequestedSchema>;
export type OrderRevised = z.infer<typeof orderRevisedSchema>;
export type OrderRevisionRefused = z.infer<typeof orderRevisionRefusedSchema>;
