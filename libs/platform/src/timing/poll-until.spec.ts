import { describe, expect, it } from 'vitest';
import { pollUntil } from './poll-until';

describe('pollUntil', () => {
  it('returns the first value that is something, calling the probe until then', async () => {
    let calls = 0;
    const value = await pollUntil('the third call', async () => (++calls === 3 ? { calls } : undefined), { intervalMs: 1 });
    expect(value).toEqual({ calls: 3 });
  });

  it('waits for the condition given by `until`, and calls again after a probe that threw', async () => {
    let calls = 0;
    const read = async () => {
      calls++;
      if (calls === 1) throw new Error('connection refused');
      return calls;
    };
    expect(await pollUntil('four calls', read, { intervalMs: 1, until: (n) => n >= 4 })).toBe(4);
  });

  it('fails after the timeout naming what it waited for, with the last value or the last error', async () => {
    await expect(pollUntil('the order to be APPROVED', async () => ({ state: 'PENDING' }), { timeoutMs: 30, intervalMs: 5, until: (o) => o.state === 'APPROVED' })).rejects.toThrow(
      /timed out after 30 ms waiting for the order to be APPROVED; last value: \{"state":"PENDING"\}/,
    );
    await expect(pollUntil('the server', () => Promise.reject(new Error('ECONNREFUSED')), { timeoutMs: 20, intervalMs: 5 })).rejects.toThrow(
      /waiting for the server: ECONNREFUSED/,
    );
  });

  it('stops at once with the reason of an aborted signal, during a probe or between two', async () => {
    const gone = new AbortController();
    const waiting = pollUntil('a server whose process exited', () => Promise.reject(new Error('ECONNREFUSED')), { timeoutMs: 60_000, intervalMs: 10_000, signal: gone.signal });
    gone.abort(new Error('the process exited with code 1'));
    await expect(waiting).rejects.toThrow(/^the process exited with code 1$/);
  });
});
