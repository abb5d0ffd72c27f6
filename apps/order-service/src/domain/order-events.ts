import type {
  OrderApproved,
  OrderCancelled,
  OrderCancelRefused,
  OrderCancelRequested,
  OrderCreated,
  OrderEventType,
  OrderRejected,
  OrderRevised,
  OrderRevisionRefused,
  OrderRevisionRequested,
} from '@ftgo/contracts';

type Event<T extends keyof typeof OrderEventType, P> = { type: T; payload: P };

/** What the Order's methods return: the contract's event types with their typed payloads. */
export type OrderEvent =
  | Event<'OrderCreated', OrderCreated>
  | Event<'OrderApproved', OrderApproved>
  | Event<'OrderRejected', OrderRejected>
  | Event<'OrderCancelRequested', OrderCancelRequested>
  | Event<'OrderCancelled', OrderCancelled>
  | Event<'OrderCancelRefused', OrderCancelRefused>
  | Event<'OrderRevisionRequested', OrderRevisionRequested>
  | Event<'OrderRevised', OrderRevised>
  | Event<'OrderRevisionRefused', OrderRevisionRefused>;
