import type {
  TicketAccepted,
  TicketCancelled,
  TicketCancelRefused,
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
  | Event<'TicketAccepted', TicketAccepted>
  | Event<'TicketPreparationStarted', TicketPreparationStarted>
  | Event<'TicketReadyForPickup', TicketReadyForPickup>
  | Event<'TicketPickedUp', TicketPickedUp>
  | Event<'TicketCancelled', TicketCancelled>
  | Event<'TicketCancelRefused', TicketCancelRefused>
  | Event<'TicketRevisionAccepted', TicketRevisionAccepted>
  | Event<'TicketRevisionRefused', TicketRevisionRefused>;
