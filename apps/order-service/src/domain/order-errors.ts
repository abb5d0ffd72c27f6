import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '@ftgo/contracts';
import type { OrderState } from './order-state';

/** The order's state forbids the operation: HTTP 409 with the state the caller ran into. */
export class IllegalOrderTransitionError extends FailedPreconditionError {
  constructor(
    readonly operation: string,
    readonly currentState: OrderState,
  ) {
    super(`cannot ${operation} an order in state ${currentState}`);
  }

  /** Extra fields for the HTTP error body (see libs/platform's DomainErrorFilter). */
  get details() {
    return { currentState: this.currentState };
  }
}

/** Someone else changed the order between our read and our write (optimistic locking): 409. */
export class ConcurrentOrderChangeError extends FailedPreconditionError {
  constructor(
    readonly orderId: string,
    readonly expectedVersion: number,
  ) {
    super(`order ${orderId} was changed concurrently (expected version ${expectedVersion}); read it again and retry`);
  }
}

export class OrderNotFoundError extends NotFoundError {
}

/** A revision naming an item the order does not have (its price is unknown here): 422. */
export class UnknownOrderItemError extends InvalidArgumentError {
}
