import { describe, expect, it } from 'vitest';
import { formatLsn, parseLsn } from './lsn';

describe('LSN', () => {
  it('reads both 32-bit halves, so positions past 4 GiB of WAL still compare correctly', () => {
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
  });

  it('prints what it reads', () => {
    expect(formatLsn(parseLsn('16/B374D848'))).toBe('16/B374D848');
    expect(formatLsn(parseLsn('0/0'))).toBe('0/0');
  });
});
