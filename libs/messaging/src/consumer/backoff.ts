import type { RetryPolicy } from './consumer-config';

/**
 * Exponential backoff with "full jitter": a random delay between 0 and the exponential cap, so
 * that consumers which failed together (the database went down for all of them) do not all
 * retry in the same millisecond when it comes back.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** (attempt - 1));
  return Math.max(1, Math.round(cap * random()));
}
