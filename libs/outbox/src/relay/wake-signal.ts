/**
 * Wakes a sleeping relay loop: a NOTIFY from PostgreSQL, or a shutdown request. A wake-up that
 * comes while nobody sleeps (the relay is busy claiming) is kept for the next sleep, which then
 * ends at once: otherwise a row committed during a claim would wait for the whole poll interval.
 */
export class WakeSignal {
  private readonly listeners = new Set<() => void>();
  private missed = false;

  wake(): void {
    if (this.listeners.size === 0) this.missed = true;
    for (const listener of [...this.listeners]) listener();
  }

  onWake(listener: () => void): () => void {
    if (this.missed) {
      this.missed = false;
      queueMicrotask(listener);
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
