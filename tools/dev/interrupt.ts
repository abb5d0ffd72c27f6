const cleanUps: (() => Promise<unknown>)[] = [];
let listening = false;

/**
 * Until the returned function is called, SIGINT or SIGTERM runs `cleanUp` — the latest registered
 * first — and exits 130: a command stopped with Ctrl-C leaves none of the processes, databases or
 * brokers it started behind.
 */
export function onInterrupt(cleanUp: () => Promise<unknown>): () => void {
  if (!listening) {
    listening = true;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void interrupted());
  }
  cleanUps.push(cleanUp);
  return () => {
    const index = cleanUps.lastIndexOf(cleanUp);
    if (index >= 0) cleanUps.splice(index, 1);
  };
}

async function interrupted(): Promise<void> {
  for (const cleanUp of cleanUps.splice(0).reverse()) await cleanUp().catch(() => undefined);
  process.exit(130);
}
