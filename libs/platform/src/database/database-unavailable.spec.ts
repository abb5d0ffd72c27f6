import { describe, expect, it } from 'vitest';
import { DatabaseUnavailable, isDatabaseUnavailable } from './database-unavailable';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

// The shapes a live server does not produce on demand; the real errors are in the .int.spec.
describe('isDatabaseUnavailable', () => {
  it('is true for the SQLSTATEs of a server that cannot serve now: class 08, 57P0x, 53300', () => {
    for (const code of ['08000', '08006', '08P01', '57P01', '57P02', '57P03', '53300']) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
    }
  });

  it('is false for SQLSTATEs the request caused, and for errors without a known code or message', () => {
    for (const code of ['23505', '23503', '22P02', '40001', '42P01', '57014']) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(false);
    }
    expect(isDatabaseUnavailable(new TypeError('undefined is not a function'))).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });

  it('looks through Error.cause, a driverError and AggregateError, and survives a cycle', () => {
    expect(isDatabaseUnavailable(new Error('outer', { cause: withCode('ECONNRESET') }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('query failed'), { driverError: withCode('57P01') }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([withCode('ENETUNREACH'), withCode('ECONNREFUSED')]))).toBe(true);
    const cyclic: Error & { cause?: unknown } = new Error('cyclic');
    cyclic.cause = cyclic;
    expect(isDatabaseUnavailable(cyclic)).toBe(false);
  });

  it('answers instanceof DatabaseUnavailable the same way, which is what @Catch() selects by', () => {
    expect(withCode('ECONNREFUSED') instanceof DatabaseUnavailable).toBe(true);
    expect(withCode('23505') instanceof DatabaseUnavailable).toBe(false);
  });
});
