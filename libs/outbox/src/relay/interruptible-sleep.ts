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
