import type {
  TicketAccepted,
  TicketCancelAccepted,
  TicketCancelled,
  TicketCancelRefused,
  TicketConfirmed,
  TicketCreated,
  TicketEventType,
  TicketPickedUp,
  TicketPreparationStarted,
  TicketReadyForPickup,
  TicketRejected,
  TicketRevisionAccepted,
  TicketRevisionRefused,
} from '@ftgo/contracts';

type Event<T extends keyof typeof TicketEventType, P> = { type: T; payload: P };

/** What the Ticket's methods return: the contract's event types with their typed payloads. */
export type TicketEvent =
  | Event<'TicketCreated', TicketCreated>
  | Event<'TicketRejected', TicketRejected>
  | Event<'TicketConfirmed', TicketConfirmed>
  | Event<'TicketAccepted', TicketAccepted>
  | Event<'TicketPreparationStarted', TicketPreparationStarted>
  | Event<'TicketReadyForPickup', TicketReadyForPickup>
  | Event<'TicketPickedUp', TicketPickedUp>
  | Event<'TicketCancelAccepted', TicketCancelAccepted>
  | Event<'TicketCancelRefused', TicketCancelRefused>
  | Event<'TicketCancelled', TicketCancelled>
  | Event<'TicketRevisionAccepted', TicketRevisionAccepted>
  | Event<'TicketRevisionRefused', TicketRevisionRefused>;
