import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff';

const policy = { initialDelayMs: 100, maxDelayMs: 1_000 };

describe('backoffDelayMs', () => {
  it('doubles the ceiling with each attempt up to the maximum, however many attempts', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 40].map((attempt) => backoffDelayMs(attempt, policy, () => 1));
    expect(ceilings).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000]);
  });

  it('grows by another multiplier when given one', () => {
    expect([1, 2, 3].map((attempt) => backoffDelayMs(attempt, { ...policy, multiplier: 3 }, () => 1))).toEqual([100, 300, 900]);
  });

  it('spreads retries between 1 ms and the ceiling (full jitter)', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(1);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(200);
    expect(backoffDelayMs(3, policy, () => 0.999_999)).toBe(400);
  });

  it('waits between half and all of the ceiling with equal jitter', () => {
    const equal = { ...policy, jitter: 'equal' as const };
    expect(backoffDelayMs(1, equal, () => 0)).toBe(50);
    expect(backoffDelayMs(1, equal, () => 1)).toBe(100);
    expect(backoffDelayMs(4, equal, () => 1)).toBe(800);
    expect(backoffDelayMs(40, { ...equal, maxDelayMs: 5_000 }, () => 1)).toBe(5_000);
  });
});
