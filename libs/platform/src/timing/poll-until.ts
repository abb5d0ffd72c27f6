import { setTimeout as sleep } from 'node:timers/promises';

export interface PollOptions<T> {
  timeoutMs?: number;
  intervalMs?: number;
  /** When the value is good enough; by default any value but `undefined`, `null` or `false`. */
  until?: (value: T) => boolean;
  /** Ends the wait at once, failing with the signal's reason: for what can never come true any more (a process that exited). */
  signal?: AbortSignal;
}

const isSomething = (value: unknown) => value !== undefined && value !== null && value !== false;

/**
 * Calls `probe` until its value is good enough and returns that value; waits on a condition,
 * never for a fixed time. A probe that throws is called again (a server that is not up yet
 * refuses connections). After `timeoutMs` it fails naming `what`, the last value and the last
 * error. The one poll-until of the repository: tests, harnesses and the launcher use it.
 */
export async function pollUntil<T>(what: string, probe: () => Promise<T> | T, options: PollOptions<T> = {}): Promise<Exclude<T, undefined | null | false>> {
  const { timeoutMs = 30_000, intervalMs = 100, until = isSomething, signal } = options;
  const deadline = Date.now() + timeoutMs;
  let last: { value?: T; error?: unknown } = {};
  for (;;) {
    signal?.throwIfAborted();
    try {
      const value = await probe();
      if (until(value)) return value as Exclude<T, undefined | null | false>;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${describe(last)}`);
    await sleep(intervalMs, undefined, { signal }).catch(() => signal?.throwIfAborted());
  }
}

function describe(last: { value?: unknown; error?: unknown }): string {
  if (last.error !== undefined) return `: ${last.error instanceof Error ? last.error.message : String(last.error)}`;
  if (last.value === undefined) return '';
  return `; last value: ${JSON.stringify(last.value)}`;
}
