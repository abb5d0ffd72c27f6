import { createRequire } from 'node:module';

/** The parts of kafkajs' internal RequestQueue (one per broker connection) that the fix touches. */
export interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
  maybeThrottle(clientSideThrottleTimeMs: number | null): void;
  push(request: { entry: { correlationId: number }; expectResponse: boolean; sendRequest: () => void }): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
}

export type RequestQueueClass = {
  new (options: { requestTimeout: number; enforceRequestTimeout: boolean; clientId: string; broker: string; logger: unknown }): RequestQueue;
  prototype: RequestQueue;
};

/** kafkajs' own interval for a queue that waits on its in-flight limit rather than on throttling. */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

/**
 * kafkajs 2.2.4 (its last release) re-arms a check after every response, also when no request is
 * waiting: its delay is then `throttledUntil - Date.now()` with `throttledUntil = -1`, a negative
 * number that Node runs as 1 ms. Each broker connection so wakes up ~1,400 times a second for
 * nothing, for as long as the client lives, and Node 24 warns `TimeoutNegativeWarning` at start-up.
 * A check is only needed while requests are pending: when the broker's throttle ends, or after
 * kafkajs' own interval otherwise.
 */
function scheduleCheckPendingRequests(this: RequestQueue): void {
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const untilUnthrottledMs = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    untilUnthrottledMs > 0 ? untilUnthrottledMs : CHECK_PENDING_REQUESTS_INTERVAL_MS,
  );
}

/**
 * Replaces the method on kafkajs' class in place, at run time: unlike a patch of node_modules, it
 * holds however the dependencies were installed (`npm ci --ignore-scripts` in the image, too).
 * Idempotent; request-queue-fix.spec.ts pins the kafkajs release it was written for.
 */
export function fixKafkajsRequestQueue(): void {
  const requireFromHere = createRequire(__filename);
  const RequestQueue = requireFromHere('kafkajs/src/network/requestQueue') as RequestQueueClass;
  RequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
}
