/** Wakes a sleeping relay loop: a NOTIFY from PostgreSQL, or a shutdown request. */
export class WakeSignal {
  private readonly listeners = new Set<() => void>();

  wake(): void {
    for (const listener of [...this.listeners]) listener();
  }

  onWake(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
