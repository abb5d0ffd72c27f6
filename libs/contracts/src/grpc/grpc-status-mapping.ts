import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import {
  type DomainError,
  type DomainErrorKind,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
} from './domain-error';

const STATUS_OF: Record<DomainErrorKind, status> = {
  'invalid-argument': status.INVALID_ARGUMENT,
  'not-found': status.NOT_FOUND,
  'failed-precondition': status.FAILED_PRECONDITION,
};

/** A status the server chose on purpose: grpc-js' callback takes any object of this shape. */
export type GrpcStatusError = Pick<ServiceError, 'code' | 'details' | 'metadata'> & Error;

function isDomainError(error: unknown): error is DomainError {
  return error instanceof Error && 'kind' in error && typeof error.kind === 'string' && error.kind in STATUS_OF;
}

/** A status error as grpc-js' callback (and `@nestjs/microservices`) sends it: code and details. */
export function grpcStatusError(code: status, details: string): GrpcStatusError {
  return Object.assign(new Error(details), { code, details, metadata: new Metadata() });
}

/**
 * Server side: the status to answer with. Expected errors get their precise status and message;
 * anything else is a bug, answered INTERNAL without its message (no internals leak) — never
 * UNKNOWN, which is what grpc-js would send for a thrown error.
 */
export function toGrpcStatusError(error: unknown): GrpcStatusError {
  if (isDomainError(error)) return grpcStatusError(STATUS_OF[error.kind], error.message);
  return grpcStatusError(status.INTERNAL, 'internal error');
}

/**
 * Adapts an async handler to grpc-js' (call, callback) shape, mapping thrown errors with
 * toGrpcStatusError: for a plain grpc-js server such as the tests' stand-ins (the services serve
 * gRPC through @nestjs/microservices and libs/platform's GrpcExceptionFilter). `onUnexpected` sees the real error of an INTERNAL answer (for the log).
 */
export function unaryHandler<Req, Res>(
  handle: (request: Req) => Promise<Res>,
  onUnexpected: (error: unknown) => void = () => undefined,
) {
  return (call: { request: Req }, callback: (error: GrpcStatusError | null, response?: Res) => void): void => {
    handle(call.request).then(
      (response) => callback(null, response),
      (error: unknown) => {
        if (!isDomainError(error)) onUnexpected(error);
        callback(toGrpcStatusError(error));
      },
    );
  };
}

/**
 * Client side: turns the three expected statuses back into domain errors, so that a caller maps
 * them to HTTP 400/404/409 like its own; any other error is returned unchanged.
 */
export function fromGrpcStatusError(error: unknown): unknown {
  if (!(error instanceof Error) || !('code' in error)) return error;
  const details = 'details' in error && typeof error.details === 'string' ? error.details : error.message;
  switch (error.code) {
    case status.INVALID_ARGUMENT:
      return new InvalidArgumentError(details);
    case status.NOT_FOUND:
      return new NotFoundError(details);
    case status.FAILED_PRECONDITION:
      return new FailedPreconditionError(details);
    default:
      return error;
  }
}
