import { describe, expect, it } from 'vitest';
import { Bulkhead, BulkheadFullError } from './bulkhead';

const settledIn = async (promise: Promise<unknown>) => {
  let state = 'pending';
  promise.then(() => (state = 'granted'), () => (state = 'rejected'));
  await new Promise((resolve) => setImmediate(resolve));
  return state;
};

describe('Bulkhead', () => {
  it('grants a freed slot to the longest waiter first, never to a newcomer', async () => {
    const bulkhead = new Bulkhead(1, 10_000);
    const release = await bulkhead.acquire();
    const first = bulkhead.acquire();
    const second = bulkhead.acquire();
    expect(bulkhead.waiting).toBe(2);

    release();
    const newcomer = bulkhead.acquire();
    expect(await settledIn(first)).toBe('granted');
    expect(await settledIn(second)).toBe('pending');
    expect(await settledIn(newcomer)).toBe('pending');
    expect({ inFlight: bulkhead.inFlight, waiting: bulkhead.waiting }).toEqual({ inFlight: 1, waiting: 2 });
    (await first)();
    (await second)();
    (await newcomer)();
    expect(bulkhead.inFlight).toBe(0);
  });

  it('frees one slot however often a release is called', async () => {
    const bulkhead = new Bulkhead(2, 0);
    const release = await bulkhead.acquire();
    await bulkhead.acquire();
    release();
    release();
    expect(bulkhead.inFlight).toBe(1);
    await bulkhead.acquire();
    await expect(bulkhead.acquire()).rejects.toBeInstanceOf(BulkheadFullError);
  });

  it('drops a waiter whose wait ran out, so the next release skips it', async () => {
    const bulkhead = new Bulkhead(1, 20);
    const release = await bulkhead.acquire();
    await expect(bulkhead.acquire()).rejects.toThrow('all 1 slots in use for 20 ms');
    expect(bulkhead.waiting).toBe(0);
    release();
    expect(bulkhead.inFlight).toBe(0);
  });
});
