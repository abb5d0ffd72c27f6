/** The ticket's life in the kitchen; the names match kitchen.v1's TicketState enum. */
export const TicketState = {
  /** Created from OrderCreated, waiting for the order's approval: the kitchen cannot act on it. */
  CREATE_PENDING: 'CREATE_PENDING',
  AWAITING_ACCEPTANCE: 'AWAITING_ACCEPTANCE',
  ACCEPTED: 'ACCEPTED',
  PREPARING: 'PREPARING',
  READY_FOR_PICKUP: 'READY_FOR_PICKUP',
  PICKED_UP: 'PICKED_UP',
  /** The kitchen agreed to a cancel and holds it until the order decides: nothing is cooked meanwhile. */
  CANCEL_PENDING: 'CANCEL_PENDING',
  CANCELLED: 'CANCELLED',
  REJECTED: 'REJECTED',
} as const;

export type TicketState = (typeof TicketState)[keyof typeof TicketState];

/** Confirmed and not cooked yet: the order may still change its mind (cancel, revise). */
export const CHANGEABLE_STATES: readonly TicketState[] = [TicketState.AWAITING_ACCEPTANCE, TicketState.ACCEPTED];


/** Nothing happens to a ticket in these states any more. */
export const FINAL_STATES: readonly TicketState[] = [TicketState.PICKED_UP, TicketState.CANCELLED, TicketState.REJECTED];
