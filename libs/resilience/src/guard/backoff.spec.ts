import { describe, expect, it } from 'vitest';
import { jitteredDelayMs } from './backoff';

const policy = { baseDelayMs: 50, maxDelayMs: 500 };

describe('jitteredDelayMs', () => {
  it('doubles the ceiling per attempt and never exceeds the maximum', () => {
    const almostOne = () => 0.999_999;
    expect([0, 1, 2, 3, 4, 10].map((attempt) => jitteredDelayMs(attempt, policy, almostOne))).toEqual([
      49, 99, 199, 399, 499, 499,
    ]);
  });

  it('spreads delays over the whole range, down to zero', () => {
    expect(jitteredDelayMs(3, policy, () => 0)).toBe(0);
    expect(jitteredDelayMs(3, policy, () => 0.5)).toBe(200);
  });
});
