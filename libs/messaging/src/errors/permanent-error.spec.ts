import { InvalidEventPayloadError, UnknownEventError } from '@ftgo/contracts';
import { describe, expect, it } from 'vitest';
import { InvalidPayloadError, isPermanent, PermanentError } from './permanent-error';

describe('isPermanent', () => {
  it('is true for our permanent errors and for the contracts’ unknown-event and invalid-payload errors', () => {
    for (const error of [
      new PermanentError('no'),
      new InvalidPayloadError('bad'),
      new UnknownEventError('?'),
      new InvalidEventPayloadError('bad'),
    ]) {
      expect(isPermanent(error), error.name).toBe(true);
    }
  });

  it('is false for anything else, which the consumer retries', () => {
    expect(isPermanent(new Error('connect ECONNREFUSED'))).toBe(false);
    expect(isPermanent(new TypeError('x is undefined'))).toBe(false);
  });

  it('keeps the subclass name, which becomes the dlt-error-class header', () => {
    expect(new InvalidPayloadError('bad').name).toBe('InvalidPayloadError');
  });
});
