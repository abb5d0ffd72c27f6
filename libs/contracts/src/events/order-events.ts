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

/** Ticket and payment both confirmed. */
export const orderApprovedSchema = z.object({ orderId: id });

/** Either side refused: kitchen cancels its ticket, accounting voids its authorization. */
export const orderRejectedSchema = z.object({ orderId: id, reason });

/** Kitchen cancels the ticket unless it is already being prepared. */
export const orderCancelRequestedSchema = z.object({ orderId: id });

/** Kitchen cancelled the ticket: accounting reverses the payment. */
export const orderCancelledSchema = z.object({ orderId: id });

/** Kitchen refused: the order is APPROVED again, with the reason. */
export const orderCancelRefusedSchema = z.object({ orderId: id, reason });

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
