import { z } from 'zod';
import { id, itemQuantity, reason } from './shared.schema';

/** Events of the Ticket aggregate, on `kitchen.ticket.events`, keyed by ticketId. */
export const TicketEventType = {
  TicketCreated: 'TicketCreated',
  TicketRejected: 'TicketRejected',
  TicketAccepted: 'TicketAccepted',
  TicketPreparationStarted: 'TicketPreparationStarted',
  TicketReadyForPickup: 'TicketReadyForPickup',
  TicketPickedUp: 'TicketPickedUp',
  TicketCancelled: 'TicketCancelled',
  TicketCancelRefused: 'TicketCancelRefused',
  TicketRevisionAccepted: 'TicketRevisionAccepted',
  TicketRevisionRefused: 'TicketRevisionRefused',
} as const;

/** Every ticket event names its order: the order service reacts to them by orderId. */
const ticketRef = z.object({ ticketId: id, orderId: id });

export const ticketCreatedSchema = ticketRef.extend({
  restaurantId: id,
  lineItems: z.array(itemQuantity).min(1),
});

/** Kitchen cannot take the order after all (restaurant closed since validation, item sold out). */
export const ticketRejectedSchema = ticketRef.extend({ reason });

export const ticketAcceptedSchema = ticketRef.extend({ readyBy: z.iso.datetime({ offset: true }) });
export const ticketPreparationStartedSchema = ticketRef;
export const ticketReadyForPickupSchema = ticketRef;
export const ticketPickedUpSchema = ticketRef;
export const ticketCancelledSchema = ticketRef;

/** Too late to cancel: the ticket is already being prepared (or further). */
export const ticketCancelRefusedSchema = ticketRef.extend({ reason });

export const ticketRevisionAcceptedSchema = ticketRef.extend({ revisionId: id });
export const ticketRevisionRefusedSchema = ticketRef.extend({ revisionId: id, reason });

export const ticketEventSchemas = {
  [TicketEventType.TicketCreated]: ticketCreatedSchema,
  [TicketEventType.TicketRejected]: ticketRejectedSchema,
  [TicketEventType.TicketAccepted]: ticketAcceptedSchema,
  [TicketEventType.TicketPreparationStarted]: ticketPreparationStartedSchema,
  [TicketEventType.TicketReadyForPickup]: ticketReadyForPickupSchema,
  [TicketEventType.TicketPickedUp]: ticketPickedUpSchema,
  [TicketEventType.TicketCancelled]: ticketCancelledSchema,
  [TicketEventType.TicketCancelRefused]: ticketCancelRefusedSchema,
  [TicketEventType.TicketRevisionAccepted]: ticketRevisionAcceptedSchema,
  [TicketEventType.TicketRevisionRefused]: ticketRevisionRefusedSchema,
} as const;

export type TicketCreated = z.infer<typeof ticketCreatedSchema>;
export type TicketRejected = z.infer<typeof ticketRejectedSchema>;
export type TicketAccepted = z.infer<typeof ticketAcceptedSchema>;
export type TicketPreparationStarted = z.infer<typeof ticketPreparationStartedSchema>;
export type TicketReadyForPickup = z.infer<typeof ticketReadyForPickupSchema>;
export type TicketPickedUp = z.infer<typeof ticketPickedUpSchema>;
export type TicketCancelled = z.infer<typeof ticketCancelledSchema>;
export type TicketCancelRefused = z.infer<typeof ticketCancelRefusedSchema>;
export type TicketRevisionAccepted = z.infer<typeof ticketRevisionAcceptedSchema>;
export type TicketRevisionRefused = z.infer<typeof ticketRevisionRefusedSchema>;
