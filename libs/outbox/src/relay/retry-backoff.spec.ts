import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-backoff';

describe('retryDelayMs', () => {
  it('doubles the ceiling per attempt and waits between half and all of it (jitter)', () => {
    expect(retryDelayMs(1, 100, 10_000, () => 0)).toBe(50);
    expect(retryDelayMs(1, 100, 10_000, () => 1)).toBe(100);
    expect(retryDelayMs(4, 100, 10_000, () => 1)).toBe(800);
  });

  it('never exceeds the maximum, however many attempts', () => {
    expect(retryDelayMs(40, 100, 5_000, () => 1)).toBe(5_000);
  });
});
