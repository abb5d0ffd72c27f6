/** The ticket's life in the kitchen; the names match kitchen.v1's TicketState enum. */
export const TicketState = {
  AWAITING_ACCEPTANCE: 'AWAITING_ACCEPTANCE',
  ACCEPTED: 'ACCEPTED',
  PREPARING: 'PREPARING',
  READY_FOR_PICKUP: 'READY_FOR_PICKUP',
  PICKED_UP: 'PICKED_UP',
  CANCELLED: 'CANCELLED',
  REJECTED: 'REJECTED',
} as const;

export type TicketState = (typeof TicketState)[keyof typeof TicketState];

/** Until the cooking starts, the order may still change its mind (cancel, revise). */
export const CHANGEABLE_STATES: readonly TicketState[] = [TicketState.AWAITING_ACCEPTANCE, TicketState.ACCEPTED];

/** Nothing happens to a ticket in these states any more. */
export const FINAL_STATES: readonly TicketState[] = [TicketState.PICKED_UP, TicketState.CANCELLED, TicketState.REJECTED];
