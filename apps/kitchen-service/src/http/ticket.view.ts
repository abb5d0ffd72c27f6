import { id, itemQuantity } from '@ftgo/contracts';
import { z } from 'zod';
import type { TicketSnapshot } from '../domain/ticket';
import { TicketState } from '../domain/ticket-state';

/** What clients see of a ticket: its snapshot, pending changes included. */
export const ticketViewSchema = z.object({
  id,
  orderId: id,
  restaurantId: id,
  state: z.enum(TicketState),
  lineItems: z.array(itemQuantity),
  readyBy: z.string().nullable(),
  pendingRevision: z.object({ revisionId: id, lineItems: z.array(itemQuantity) }).nullable(),
  pendingCancel: z.object({ cancellationId: id, resumeState: z.enum(TicketState) }).nullable(),
  version: z.number().int().min(1),
});

export type TicketView = z.output<typeof ticketViewSchema>;

/** The snapshot as it is sent: the compiler holds the documented schema to the snapshot's type. */
export const ticketView = (ticket: TicketSnapshot): TicketView => ticket;
