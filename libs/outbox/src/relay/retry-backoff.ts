/**
 * Exponential backoff with "full jitter": a random wait between half and all of base·2^(attempt-1),
 * capped. The randomness stops many failing messages from retrying in lockstep.
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** A sleep that a wake-up (NOTIFY, shutdown) can cut short. */
export function interruptibleSleep(ms: number, signal: { onWake(listener: () => void): () => void }): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const unsubscribe = signal.onWake(done);
    function done() {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    }
  });
}
