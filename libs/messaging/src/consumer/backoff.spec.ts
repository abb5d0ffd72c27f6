import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

const policy = { initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 2 };

describe('backoffDelay', () => {
  it('doubles the ceiling with each attempt up to the maximum', () => {
    const ceilings = [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, policy, () => 1));
    expect(ceilings).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('spreads retries between 1 ms and the ceiling (full jitter)', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(1);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
  });
});
