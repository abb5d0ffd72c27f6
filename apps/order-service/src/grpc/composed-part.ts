import { fromGrpcStatusError, NotFoundError } from '@ftgo/contracts';
import { type DependencyGuard, DependencyUnavailableError, type GuardedWork } from '@ftgo/resilience';

/**
 * One part of a composed response. API composition must not fail as a whole because one
 * provider is down: that part says so and the rest of the answer still comes.
 */
export type ComposedPart<T> =
  | ({ status: 'available' } & T)
  | { status: 'not-found'; reason: string }
  | { status: 'unavailable'; reason: string };

/**
 * A guarded read (bounded retries, breaker) whose failure becomes a marked part instead of an
 * error. NOT_FOUND is translated only here, outside the guard: inside, the raw gRPC status is
 * what tells the breaker "the caller's problem, not the dependency's".
 */
export async function composedPart<T extends object>(guard: DependencyGuard, work: GuardedWork<T>): Promise<ComposedPart<T>> {
  try {
    const value = await guard.read<T | DependencyUnavailableError>(work, (error) => error);
    if (value instanceof DependencyUnavailableError) return { status: 'unavailable', reason: value.message };
    return { status: 'available', ...value };
  } catch (error) {
    const translated = fromGrpcStatusError(error);
    if (translated instanceof NotFoundError) return { status: 'not-found', reason: translated.message };
    throw translated;
  }
}
