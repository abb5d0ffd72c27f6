import {
  type OrderApproved,
  type OrderCancelled,
  type OrderCancelRefused,
  type OrderCancelRequested,
  type OrderCreated,
  OrderEventType,
  type OrderRejected,
  type OrderRevised,
  type OrderRevisionRefused,
  type OrderRevisionRequested,
} from '@ftgo/contracts';

/** An event the Order aggregate caused, typed by the contract in @ftgo/contracts. */
export type OrderDomainEvent =
  | { type: typeof OrderEventType.OrderCreated; payload: OrderCreated }
  | { type: typeof OrderEventType.OrderApproved; payload: OrderApproved }
  | { type: typeof OrderEventType.OrderRejected; payload: OrderRejected }
  | { type: typeof OrderEventType.OrderCancelRequested; payload: OrderCancelRequested }
  | { type: typeof OrderEventType.OrderCancelled; payload: OrderCancelled }
  | { type: typeof OrderEventType.OrderCancelRefused; payload: OrderCancelRefused }
  | { type: typeof OrderEventType.OrderRevisionRequested; payload: OrderRevisionRequested }
  | { type: typeof OrderEventType.OrderRevised; payload: OrderRevised }
  | { type: typeof OrderEventType.OrderRevisionRefused; payload: OrderRevisionRefused };
