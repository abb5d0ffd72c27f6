import { FailedPreconditionError } from '@ftgo/contracts';
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
