/** All `capacity` slots stayed taken for the whole bounded wait. */
export class BulkheadFullError extends Error {
  override readonly name = 'BulkheadFullError';
}

export type ReleaseSlot = () => void;

interface Waiter {
  grant(release: ReleaseSlot): void;
  timer?: NodeJS.Timeout;
}

/**
 * The limit on in-flight requests: at most `capacity` calls hold a slot at once. A call that finds
 * every slot taken waits up to `maxWaitMs` (first come, first served) for one to be freed, then is
 * rejected; with `maxWaitMs` 0 it is rejected at once. Either way a slow dependency can tie up no
 * more than `capacity` calls, plus the callers of the last `maxWaitMs`.
 *
 * It sits in front of the breaker, not inside it: a rejection here says "this caller is busy",
 * nothing about the dependency's health, so the breaker never sees it.
 */
export class Bulkhead {
  private taken = 0;
  private readonly queue: Waiter[] = [];

  constructor(
    readonly capacity: number,
    private readonly maxWaitMs: number,
  ) {}

  get inFlight(): number {
    return this.taken;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves with the function that frees the slot (call it exactly once, when the call is over). */
  acquire(): Promise<ReleaseSlot> {
    if (this.taken < this.capacity) {
      this.taken++;
      return Promise.resolve(this.releaser());
    }
    if (this.maxWaitMs === 0) return Promise.reject(this.full());
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = { grant: resolve };
      waiter.timer = setTimeout(() => {
        this.queue.splice(this.queue.indexOf(waiter), 1);
        reject(this.full());
      }, this.maxWaitMs);
      this.queue.push(waiter);
    });
  }

  private releaser(): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.handOver();
    };
  }

  /** A freed slot goes straight to the longest waiter, so a newcomer can never overtake it. */
  private handOver(): void {
    const next = this.queue.shift();
    if (!next) {
      this.taken--;
      return;
    }
    clearTimeout(next.timer);
    next.grant(this.releaser());
  }

  private full(): BulkheadFullError {
    return new BulkheadFullError(`all ${this.capacity} slots in use for ${this.maxWaitMs} ms`);
  }
}
