import { setTimeout as sleep } from 'node:timers/promises';

export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * "Full jitter": a random delay in [0, min(max, base·2^attempt)). Callers that failed together
 * spread out instead of retrying in lock-step and hammering a recovering dependency again.
 */
export function jitteredDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

export function backoff(attempt: number, policy: BackoffPolicy): Promise<void> {
  return sleep(jitteredDelayMs(attempt, policy));
}
