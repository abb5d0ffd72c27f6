import { z } from 'zod';
import { id, itemQuantity, reason } from './shared.schema';

/** Events of the Ticket aggregate, on `kitchen.ticket.events`, keyed by ticketId. */
export const TicketEventType = {
  TicketCreated: 'TicketCreated',
  TicketRejected: 'TicketRejected',
  TicketConfirmed: 'TicketConfirmed',
  TicketAccepted: 'TicketAccepted',
  TicketPreparationStarted: 'TicketPreparationStarted',
  TicketReadyForPickup: 'TicketReadyForPickup',
  TicketPickedUp: 'TicketPickedUp',
  TicketCancelAccepted: 'TicketCancelAccepted',
  TicketCancelRefused: 'TicketCancelRefused',
  TicketCancelled: 'TicketCancelled',
  TicketRevisionAccepted: 'TicketRevisionAccepted',
  TicketRevisionRefused: 'TicketRevisionRefused',
} as const;

/** Every ticket event names its order: the order service reacts to them by orderId. */
const ticketRef = z.object({ ticketId: id, orderId: id });

/** The kitchen can make it: the ticket waits (CREATE_PENDING) until the order is approved. */
export const ticketCreatedSchema = ticketRef.extend({
  restaurantId: id,
  lineItems: z.array(itemQuantity).min(1),
});

/** Kitchen cannot take the order after all (restaurant closed since validation, item sold out). */
export const ticketRejectedSchema = ticketRef.extend({ reason });

/** The order was approved: the ticket is AWAITING_ACCEPTANCE, the kitchen's verbs apply from now on. */
export const ticketConfirmedSchema = ticketRef;

export const ticketAcceptedSchema = ticketRef.extend({ readyBy: z.iso.datetime({ offset: true }) });
export const ticketPreparationStartedSchema = ticketRef;
export const ticketReadyForPickupSchema = ticketRef;
export const ticketPickedUpSchema = ticketRef;

/** Kitchen agrees to the cancel and holds it (CANCEL_PENDING) until the order decides. */
export const ticketCancelAcceptedSchema = ticketRef.extend({ cancellationId: id });

/** Too late to cancel: the ticket is already being prepared (or further). */
export const ticketCancelRefusedSchema = ticketRef.extend({ cancellationId: id, reason });

/** The ticket is cancelled for good: the order was cancelled, or rejected (compensation). */
export const ticketCancelledSchema = ticketRef;

export const ticketRevisionAcceptedSchema = ticketRef.extend({ revisionId: id });
export const ticketRevisionRefusedSchema = ticketRef.extend({ revisionId: id, reason });

export const ticketEventSchemas = {
  [TicketEventType.TicketCreated]: ticketCreatedSchema,
  [TicketEventType.TicketRejected]: ticketRejectedSchema,
  [TicketEventType.TicketConfirmed]: ticketConfirmedSchema,
  [TicketEventType.TicketAccepted]: ticketAcceptedSchema,
  [TicketEventType.TicketPreparationStarted]: ticketPreparationStartedSchema,
  [TicketEventType.TicketReadyForPickup]: ticketReadyForPickupSchema,
  [TicketEventType.TicketPickedUp]: ticketPickedUpSchema,
  [TicketEventType.TicketCancelAccepted]: ticketCancelAcceptedSchema,
  [TicketEventType.TicketCancelRefused]: ticketCancelRefusedSchema,
  [TicketEventType.TicketCancelled]: ticketCancelledSchema,
  [TicketEventType.TicketRevisionAccepted]: ticketRevisionAcceptedSchema,
  [TicketEventType.TicketRevisionRefused]: ticketRevisionRefusedSchema,
} as const;

export type TicketCreated = z.infer<typeof ticketCreatedSchema>;
export type TicketRejected = z.infer<typeof ticketRejectedSchema>;
export type TicketConfirmed = z.infer<typeof ticketConfirmedSchema>;
export type TicketAccepted = z.infer<typeof ticketAcceptedSchema>;
export type TicketPreparationStarted = z.infer<typeof ticketPreparationStartedSchema>;
export type TicketReadyForPickup = z.infer<typeof ticketReadyForPickupSchema>;
export type TicketPickedUp = z.infer<typeof ticketPickedUpSchema>;
export type TicketCancelAccepted = z.infer<typeof ticketCancelAcceptedSchema>;
export type TicketCancelRefused = z.infer<typeof ticketCancelRefusedSchema>;
export type TicketCancelled = z.infer<typeof ticketCancelledSchema>;
export type TicketRevisionAccepted = z.infer<typeof ticketRevisionAcceptedSchema>;
export type TicketRevisionRefused = z.infer<typeof ticketRevisionRefusedSchema>;
