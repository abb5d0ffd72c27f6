import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelayMs } from '@ftgo/platform';
import { status } from '@grpc/grpc-js';
import CircuitBreaker from 'opossum';
import type { DependencyConfig } from '../config/dependency-config';
import { type BreakerState, countBulkheadRejection, countFallback, observeBreaker } from '../metrics/breaker-metrics';
import { Bulkhead, BulkheadFullError } from './bulkhead';
import { DependencyUnavailableError, type UnavailableReason } from './dependency-unavailable.error';
import { grpcStatusOf, isCallerError, isTransientError } from './failure-classification';

/** What one attempt gets: cancel the underlying call on `signal`; send `deadline` along (gRPC). */
export interface CallContext {
  readonly signal: AbortSignal;
  readonly deadline: Date;
}

export type GuardedWork<T> = (context: CallContext) => Promise<T>;

export interface BreakerSnapshot {
  dependency: string;
  state: BreakerState;
  /** Seconds until the breaker lets a trial call through; 0 unless open. */
  retryAfterSeconds: number;
  /** Calls holding a bulkhead slot, and calls waiting for one. */
  inFlight: number;
  waiting: number;
  capacity: number;
  window: { fires: number; successes: number; failures: number; timeouts: number; rejects: number };
}

const REASON_BY_OPOSSUM_CODE: Record<string, UnavailableReason> = {
  EOPENBREAKER: 'circuit-open',
  ETIMEDOUT: 'timeout',
};

/**
 * One bulkhead, circuit breaker and deadline for one downstream dependency; the breaker is
 * opossum's. Every synchronous call to that dependency goes through `call` (commands) or `read`
 * (idempotent queries: bounded retries and an optional fallback).
 *
 * The bulkhead is ours, in front of the breaker, rather than opossum's `capacity`: opossum counts
 * a full bulkhead as a failure of the dependency, so a burst of healthy traffic opened the breaker
 * and turned load shedding into an outage. Here the breaker sees only calls that reached the
 * dependency, and judges it by their outcomes alone.
 */
export class DependencyGuard {
  private readonly breaker: CircuitBreaker<[CallContext, GuardedWork<unknown>], unknown>;
  private readonly bulkhead: Bulkhead;
  private openedAt = 0;

  constructor(
    readonly dependency: string,
    private readonly config: Omit<DependencyConfig, 'address'>,
  ) {
    this.bulkhead = new Bulkhead(config.capacity, config.bulkheadWaitMs);
    this.breaker = new CircuitBreaker((context: CallContext, work: GuardedWork<unknown>) => work(context), {
      name: dependency,
      timeout: config.timeoutMs,
      errorThresholdPercentage: config.errorThresholdPercentage,
      volumeThreshold: config.volumeThreshold,
      rollingCountTimeout: config.rollingWindowMs,
      rollingCountBuckets: 10,
      resetTimeout: config.resetTimeoutMs,
      errorFilter: isCallerError,
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
    });
    this.breaker.on('open', () => (this.openedAt = Date.now()));
    observeBreaker(dependency, this.breaker);
  }

  /** One attempt. Caller errors pass through unchanged; every other failure is a DependencyUnavailableError. */
  async call<T>(work: GuardedWork<T>): Promise<T> {
    // An open breaker answers at once: no caller should wait for a slot only to be told no.
    if (this.breaker.opened) return this.attempt(work);
    let release;
    try {
      release = await this.bulkhead.acquire();
    } catch (error) {
      if (!(error instanceof BulkheadFullError)) throw error;
      countBulkheadRejection(this.dependency);
      throw new DependencyUnavailableError(this.dependency, 'bulkhead-full', 1, { cause: error });
    }
    try {
      return await this.attempt(work);
    } finally {
      release();
    }
  }

  /**
   * An idempotent read: up to `readRetries` extra attempts with jittered backoff, each one through
   * the breaker (so retries count in its window and stop the moment it opens). When the
   * dependency stays unavailable, `fallback` turns the error into a degraded answer, if given.
   */
  async read<T>(work: GuardedWork<T>, fallback?: (error: DependencyUnavailableError) => T): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.call(work);
      } catch (error) {
        if (attempt < this.config.readRetries && isRetryable(error)) {
          await sleep(backoffDelayMs(attempt + 1, { initialDelayMs: this.config.retryBaseDelayMs, maxDelayMs: this.config.retryMaxDelayMs }));
          continue;
        }
        if (fallback && error instanceof DependencyUnavailableError) {
          countFallback(this.dependency);
          return fallback(error);
        }
        throw error;
      }
    }
  }

  get state(): BreakerState {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half-open' : 'closed';
  }

  retryAfterSeconds(): number {
    if (!this.breaker.opened) return 0;
    const remainingMs = this.openedAt + this.config.resetTimeoutMs - Date.now();
    return Math.max(1, Math.ceil(remainingMs / 1_000));
  }

  snapshot(): BreakerSnapshot {
    const { fires, successes, failures, timeouts, rejects } = this.breaker.stats;
    return {
      dependency: this.dependency,
      state: this.state,
      retryAfterSeconds: this.retryAfterSeconds(),
      inFlight: this.bulkhead.inFlight,
      waiting: this.bulkhead.waiting,
      capacity: this.bulkhead.capacity,
      window: { fires, successes, failures, timeouts, rejects },
    };
  }

  /** Stops opossum's timers (its rolling window and reset timer): call on shutdown. */
  shutdown(): void {
    this.breaker.shutdown();
  }

  /** Through the breaker; the deadline starts now, so time spent waiting for a slot never counts as the dependency's. */
  private async attempt<T>(work: GuardedWork<T>): Promise<T> {
    const controller = new AbortController();
    const context = { signal: controller.signal, deadline: new Date(Date.now() + this.config.timeoutMs) };
    try {
      return (await this.breaker.fire(context, work)) as T;
    } catch (error) {
      // opossum only stops waiting at its timeout; aborting makes the gRPC call itself stop.
      if (reasonOf(error) === 'timeout') controller.abort(error);
      throw this.translate(error);
    }
  }

  private translate(error: unknown): unknown {
    if (isCallerError(error)) return error;
    const reason = reasonOf(error) ?? 'failure';
    return new DependencyUnavailableError(this.dependency, reason, Math.max(1, this.retryAfterSeconds()), { cause: error });
  }
}

/** Whichever timer fires first — opossum's timeout or the gRPC deadline — it is a timeout. */
function reasonOf(error: unknown): UnavailableReason | undefined {
  if (grpcStatusOf(error) === status.DEADLINE_EXCEEDED) return 'timeout';
  if (!(error instanceof Error) || !CircuitBreaker.isOurError(error)) return undefined;
  return REASON_BY_OPOSSUM_CODE[(error as Error & { code?: string }).code ?? ''];
}

/** Worth another attempt: a timeout or a transient failure — never an open breaker or a full bulkhead. */
function isRetryable(error: unknown): boolean {
  if (!(error instanceof DependencyUnavailableError)) return false;
  return error.reason === 'timeout' || (error.reason === 'failure' && isTransientError(error.cause));
}
