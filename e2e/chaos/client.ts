import { setTimeout as sleep } from 'node:timers/promises';
import { type JsonResponse, request } from '@ftgo/tools';

/** What the load's client saw go wrong and retried: the errors a caller of the system meets. */
export class ClientErrors {
  readonly counts = new Map<string, number>();

  record(kind: string): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }

  get total(): number {
    return [...this.counts.values()].reduce((sum, count) => sum + count, 0);
  }

  summary(): string {
    return [...this.counts].map(([kind, count]) => `${kind} ×${count}`).join(', ') || 'none';
  }
}

const RETRY_PAUSE_MS = 250;
const GIVE_UP_AFTER_MS = 120_000;

/**
 * Sends a request until it gets an answer that is not "try again": a refused or reset
 * connection, a timeout, 502/503/504; or until `signal` ends the run. The caller makes the request safe to repeat (an
 * Idempotency-Key, or a check of the state before a verb), as a real client must.
 */
export async function untilAnswered(errors: ClientErrors, send: () => Promise<JsonResponse>, signal?: AbortSignal): Promise<JsonResponse> {
  const deadline = Date.now() + GIVE_UP_AFTER_MS;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const answer = await send();
      if (![502, 503, 504].includes(answer.status)) return answer;
      errors.record(`HTTP ${answer.status}`);
    } catch (error) {
      errors.record(connectionError(error));
    }
    if (Date.now() > deadline) throw new Error(`no answer but "try again" for ${GIVE_UP_AFTER_MS / 1000} s`);
    await sleep(RETRY_PAUSE_MS, undefined, { signal }).catch(() => signal?.throwIfAborted());
  }
}

function connectionError(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error instanceof Error ? error.name : 'error');
}

export const send = (method: string, url: string, body?: unknown, headers?: Record<string, string>) => () =>
  request(method, url, body, headers);
