/** What each worker of the load is doing and since when: the first thing to read when a run stalls. */
export class WorkerSteps {
  private readonly current: { step: string; since: number }[];

  constructor(workers: number) {
    this.current = Array.from({ length: workers }, () => ({ step: 'not started', since: Date.now() }));
  }

  began(worker: number, step: string): void {
    this.current[worker] = { step, since: Date.now() };
  }

  /** One line per worker: `worker 3: waiting for order … for 42 s`. */
  report(now = Date.now()): string[] {
    return this.current.map(({ step, since }, worker) => `worker ${worker}: ${step} for ${Math.round((now - since) / 1000)} s`);
  }
}
