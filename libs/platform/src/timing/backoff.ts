export interface BackoffPolicy {
  /** The ceiling of the first retry's wait. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** How much the ceiling grows per attempt; 2 doubles it. */
  multiplier?: number;
  /**
   * `full` (the default): anywhere between 1 ms and the ceiling, so that callers which failed
   * together spread out instead of retrying in lock-step. `equal`: between half and all of it,
   * for a caller that must never retry almost at once.
   */
  jitter?: 'full' | 'equal';
}

/**
 * Exponential backoff with jitter: the wait before retry number `attempt` (1 for the first
 * retry), from a ceiling of initialDelayMs · multiplier^(attempt − 1), capped at maxDelayMs.
 * The one backoff of the repository: the consumer's retries, the guarded reads and the relays'.
 */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * (policy.multiplier ?? 2) ** exponent);
  const share = policy.jitter === 'equal' ? 0.5 + random() / 2 : random();
  return Math.max(1, Math.round(ceiling * share));
}
