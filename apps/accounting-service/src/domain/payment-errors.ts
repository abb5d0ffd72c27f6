import { FailedPreconditionError, NotFoundError } from '@ftgo/contracts';
import type { PaymentState } from './payment-state';

/**
 * A state change the payment's current state forbids. It is a FailedPreconditionError, so gRPC
 * answers FAILED_PRECONDITION and HTTP 409, and the message names the state the payment is in.
 */
export class IllegalPaymentTransitionError extends FailedPreconditionError {
  constructor(
    readonly action: string,
    readonly currentState: PaymentState,
    detail = '',
  ) {
    super(`cannot ${action} a payment that is ${currentState}${detail ? `: ${detail}` : ''}`);
  }

  /** Extra fields for an HTTP error body (libs/platform's DomainErrorFilter). */
  get details() {
    return { currentState: this.currentState };
  }
}

/**
 * Someone else saved the payment between our read and our write (optimistic locking). In an event
 * handler it is transient: the message is retried and then sees the new version.
 */
export class ConcurrentPaymentChangeError extends FailedPreconditionError {
  constructor(
    readonly paymentId: string,
    readonly expectedVersion: number,
  ) {
    super(`payment ${paymentId} changed since it was read at version ${expectedVersion}`);
  }
}

export class PaymentNotFoundError extends NotFoundError {
}
