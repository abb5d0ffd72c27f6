/**
 * The failures a service expects and can name. They are the caller's or the business's, not the
 * network's: they map to precise gRPC statuses (grpc-status-mapping.ts) and HTTP 400/404/409, and
 * they never trip a circuit breaker.
 */
export type DomainErrorKind = 'invalid-argument' | 'not-found' | 'failed-precondition';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
}

/** The request itself is wrong (bad id, quantity < 1, unknown menu item): retrying never helps. */
export class InvalidArgumentError extends DomainError {
  readonly kind = 'invalid-argument';
  override readonly name = 'InvalidArgumentError';
}

/** No such restaurant, ticket, payment or account. */
export class NotFoundError extends DomainError {
  readonly kind = 'not-found';
  override readonly name = 'NotFoundError';
}

/** The thing exists but its state forbids the operation (restaurant closed, ticket already preparing). */
export class FailedPreconditionError extends DomainError {
  readonly kind = 'failed-precondition';
  override readonly name = 'FailedPreconditionError';
}
