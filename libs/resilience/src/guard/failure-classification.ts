import { status } from '@grpc/grpc-js';

/**
 * gRPC answers that say "your request is wrong" or "the business says no": the dependency is
 * healthy, so these must never count towards opening its breaker.
 */
const CALLER_GRPC_CODES: ReadonlySet<number> = new Set([
  status.INVALID_ARGUMENT,
  status.NOT_FOUND,
  status.ALREADY_EXISTS,
  status.FAILED_PRECONDITION,
  status.OUT_OF_RANGE,
  status.PERMISSION_DENIED,
  status.UNAUTHENTICATED,
]);

/** Answers worth one more try of an idempotent read: transient by definition. */
const TRANSIENT_GRPC_CODES: ReadonlySet<number> = new Set([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]);

function numberField(error: unknown, field: string): number | undefined {
  if (typeof error !== 'object' || error === null || !(field in error)) return undefined;
  const value = (error as Record<string, unknown>)[field];
  return typeof value === 'number' ? value : undefined;
}

/** A gRPC ServiceError carries `code` (a status) and `details`. */
export function grpcStatusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'details' in error ? numberField(error, 'code') : undefined;
}

/** An HTTP client error carries the response status in `status` (fetch wrappers, axios-style). */
function httpStatusOf(error: unknown): number | undefined {
  return numberField(error, 'status') ?? numberField(error, 'statusCode');
}

/**
 * opossum's `errorFilter`: true for the caller's mistakes. 408 (timeout) and 429 (overloaded) are
 * 4xx but speak about the dependency's health, so they do count.
 */
export function isCallerError(error: unknown): boolean {
  const grpc = grpcStatusOf(error);
  if (grpc !== undefined) return CALLER_GRPC_CODES.has(grpc);
  const http = httpStatusOf(error);
  return http !== undefined && http >= 400 && http < 500 && http !== 408 && http !== 429;
}

const TRANSIENT_HTTP_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

export function isTransientError(error: unknown): boolean {
  const grpc = grpcStatusOf(error);
  if (grpc !== undefined) return TRANSIENT_GRPC_CODES.has(grpc);
  const http = httpStatusOf(error);
  return http !== undefined && TRANSIENT_HTTP_STATUSES.has(http);
}
