import { describe, expect, it } from 'vitest';
import { boundedReason, REASON_MAX_LENGTH, reason } from './shared.schema';

describe('boundedReason', () => {
  it('keeps a reason that fits and cuts a longer one to the contract, marking the cut', () => {
    expect(boundedReason('card declined')).toBe('card declined');
    const cut = boundedReason('x'.repeat(5_015));
    expect(cut).toHaveLength(REASON_MAX_LENGTH);
    expect(cut.endsWith('…')).toBe(true);
    expect(reason.safeParse(cut).success).toBe(true);
  });

  it('never splits a surrogate pair at the cut', () => {
    const cut = boundedReason(`${'x'.repeat(REASON_MAX_LENGTH - 2)}😀😀`);
    expect(cut).toBe(`${'x'.repeat(REASON_MAX_LENGTH - 2)}…`);
    expect(reason.safeParse(cut).success).toBe(true);
  });
});
