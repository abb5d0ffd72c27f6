// Fixed-rate arrivals, whatever the answers do: a slow system meets the same load as a fast one.

/** Starts `send(n)` for n = 0 … total-1, the n-th at n / rate seconds; resolves when every one has settled. */
export async function openLoop(rate: number, total: number, send: (n: number) => Promise<void>): Promise<void> {
  const pending: Promise<void>[] = [];
  const start = performance.now();
  await new Promise<void>((done) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      while (pending.length < due) pending.push(send(pending.length));
      if (pending.length >= total) done();
      else setTimeout(tick, Math.max(1, Math.min(5, 1000 / rate)));
    };
    tick();
  });
  await Promise.all(pending);
}
