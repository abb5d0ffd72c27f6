import type {
  PaymentAuthorized,
  PaymentDeclined,
  PaymentEventType,
  PaymentReauthorizationDeclined,
  PaymentReauthorized,
  PaymentReversed,
  PaymentVoided,
} from '@ftgo/contracts';

type Event<T extends keyof typeof PaymentEventType, P> = { type: T; payload: P };

/** What a Payment method returns: the contract's event types with their typed payloads. */
export type PaymentEvent =
  | Event<'PaymentAuthorized', PaymentAuthorized>
  | Event<'PaymentDeclined', PaymentDeclined>
  | Event<'PaymentVoided', PaymentVoided>
  | Event<'PaymentReversed', PaymentReversed>
  | Event<'PaymentReauthorized', PaymentReauthorized>
  | Event<'PaymentReauthorizationDeclined', PaymentReauthorizationDeclined>;
