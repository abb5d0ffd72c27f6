/**
 * Why a guarded call did not produce an answer from the dependency:
 * - `circuit-open`: the breaker is open (or half-open with its trial call in flight): not even tried;
 * - `bulkhead-full`: all `capacity` slots stayed taken for the bounded wait: never reached the
 *   dependency, and not held against it by the breaker;
 * - `timeout`: no answer before the deadline; the call was cancelled;
 * - `failure`: the dependency answered with an infrastructure error (UNAVAILABLE, INTERNAL, 5xx…).
 */
export type UnavailableReason = 'circuit-open' | 'bulkhead-full' | 'timeout' | 'failure';

/**
 * The one error a caller sees when a dependency could not help. HTTP controllers answer 503 with
 * `Retry-After` (DependencyUnavailableFilter); read paths may answer a degraded fallback instead.
 * Caller mistakes (INVALID_ARGUMENT, NOT_FOUND, 4xx) are never wrapped: they pass through as they are.
 */
export class DependencyUnavailableError extends Error {
  override readonly name = 'DependencyUnavailableError';

  constructor(
    readonly dependency: string,
    readonly reason: UnavailableReason,
    /** Whole seconds until it is worth asking again: until half-open when the breaker is open. */
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(`${dependency} is unavailable (${reason}); retry after ${retryAfterSeconds} s`, options);
  }
}
