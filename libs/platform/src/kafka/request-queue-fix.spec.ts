import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKafka } from './kafka-client';
import { type RequestQueue, type RequestQueueClass } from './request-queue-fix';

const requireFromHere = createRequire(__filename);
const RequestQueueOfKafkajs = requireFromHere('kafkajs/src/network/requestQueue') as RequestQueueClass;
const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function queue(): RequestQueue {
  createKafka('request-queue-fix-spec', ['127.0.0.1:1']);
  return new RequestQueueOfKafkajs({ requestTimeout: 30_000, enforceRequestTimeout: false, clientId: 'spec', broker: 'b:1', logger: silent });
}

function pendingRequest(correlationId: number, sent: number[]) {
  const entry = { correlationId, apiName: 'Spec', apiKey: 0, apiVersion: 0, resolve: () => undefined, reject: () => undefined };
  return { entry, expectResponse: false, sendRequest: () => sent.push(correlationId) };
}

describe('the kafkajs request queue, as every client of createKafka uses it', () => {
  afterEach(() => vi.useRealTimers());

  it('is kafkajs 2.2.4, the release this fix was written for (re-check it before upgrading)', () => {
    expect((requireFromHere('kafkajs/package.json') as { version: string }).version).toBe('2.2.4');
  });

  // kafkajs re-arms a check after every response; with nothing pending its delay is
  // `-1 - Date.now()`: node runs it after 1 ms, forever (and Node 24 warns TimeoutNegativeWarning).
  it('arms no timer after a response when nothing is pending', () => {
    vi.useFakeTimers();
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    queue().fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    expect(setTimeoutSpy.mock.calls.map(([, delay]) => delay)).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('still sends a request held back by broker throttling, once the throttle time has passed', () => {
    vi.useFakeTimers();
    const sent: number[] = [];
    const requests = queue();
    requests.maybeThrottle(500);
    requests.push(pendingRequest(7, sent));
    vi.advanceTimersByTime(499);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([7]);
    expect(vi.getTimerCount(), 'nothing left scheduled once the queue is empty').toBe(0);
  });
});
