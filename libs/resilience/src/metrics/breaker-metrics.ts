import { counter, gauge } from '@ftgo/platform';
import type CircuitBreaker from 'opossum';

export type BreakerState = 'closed' | 'open' | 'half-open';
const STATES: readonly BreakerState[] = ['closed', 'open', 'half-open'];

const stateGauge = gauge({
  name: 'circuit_breaker_state',
  help: 'Current state of a dependency circuit breaker: 1 for the state it is in, 0 for the others',
  labelNames: ['dependency', 'state'],
});

const callsCounter = counter({
  name: 'circuit_breaker_calls_total',
  help: 'Guarded calls per dependency by outcome (success, caller_error, failure, timeout, rejected_open, rejected_bulkhead)',
  labelNames: ['dependency', 'outcome'],
});

const fallbacksCounter = counter({
  name: 'circuit_breaker_fallbacks_total',
  help: 'Read calls answered with a degraded fallback because the dependency was unavailable',
  labelNames: ['dependency'],
});

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

/** Publishes one breaker's state and call outcomes to Prometheus (scraped from /metrics). */
export function observeBreaker(dependency: string, breaker: CircuitBreaker): void {
  const setState = (current: BreakerState) => {
    for (const state of STATES) stateGauge.set({ dependency, state }, state === current ? 1 : 0);
  };
  const count = (outcome: string) => callsCounter.inc({ dependency, outcome });
  setState('closed');
  breaker.on('open', () => setState('open'));
  breaker.on('halfOpen', () => setState('half-open'));
  breaker.on('close', () => setState('closed'));
  // opossum reports a caller error that errorFilter let through as a 'success' carrying the error.
  breaker.on('success', (result: unknown) => count(result instanceof Error ? 'caller_error' : 'success'));
  breaker.on('reject', () => count('rejected_open'));
  // 'failure' fires for timeouts too; the error code tells them apart.
  breaker.on('failure', (error: unknown) => count(errorCode(error) === 'ETIMEDOUT' ? 'timeout' : 'failure'));
}

/** A call the bulkhead turned away: it never reached the breaker, whose window does not see it. */
export function countBulkheadRejection(dependency: string): void {
  callsCounter.inc({ dependency, outcome: 'rejected_bulkhead' });
}

export function countFallback(dependency: string): void {
  fallbacksCounter.inc({ dependency });
}
