import { describe, expect, it } from 'vitest';
import { lsnBefore } from './lsn';

describe('lsnBefore', () => {
  it('steps back one byte so the library\'s +1 reports the exact end LSN', () => {
    expect(lsnBefore('0/1A2B3C4D')).toBe('0/1A2B3C4C');
  });

  it('borrows from the high word across a 4 GiB boundary', () => {
    expect(lsnBefore('1/0')).toBe('0/FFFFFFFF');
  });
});
