import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkIdempotencyKey, IdempotencyKeyReusedError, InvalidIdempotencyKeyError, replayOf } from './idempotency-key';
import { requestFingerprint } from './request-fingerprint';

const body = { consumerId: randomUUID(), restaurantId: randomUUID(), lineItems: [{ menuItemId: 'pad-thai', quantity: 2 }] };

describe('requestFingerprint', () => {
  it('is the same for the same body whatever the order of its keys', () => {
    const reordered = { lineItems: [{ quantity: 2, menuItemId: 'pad-thai' }], restaurantId: body.restaurantId, consumerId: body.consumerId };
    expect(requestFingerprint(reordered)).toBe(requestFingerprint(body));
  });

  it('differs when any value differs, including the order of array items', () => {
    expect(requestFingerprint({ ...body, lineItems: [{ menuItemId: 'pad-thai', quantity: 3 }] })).not.toBe(requestFingerprint(body));
    const two = [{ menuItemId: 'a', quantity: 1 }, { menuItemId: 'b', quantity: 1 }];
    expect(requestFingerprint({ ...body, lineItems: two })).not.toBe(requestFingerprint({ ...body, lineItems: [...two].reverse() }));
  });
});

describe('replayOf', () => {
  const stored = { key: 'k-1', requestHash: requestFingerprint(body), orderId: randomUUID() };

  it('lets a never-seen key through', () => {
    expect(replayOf(undefined, requestFingerprint(body))).toBeUndefined();
  });

  it('returns the first result for the same key and the same body', () => {
    expect(replayOf(stored, requestFingerprint({ ...body }))).toEqual({ orderId: stored.orderId });
  });

  it('refuses the same key with another body (422), naming the key', () => {
    const other = requestFingerprint({ ...body, consumerId: randomUUID() });
    expect(() => replayOf(stored, other)).toThrow(IdempotencyKeyReusedError);
    expect(() => replayOf(stored, other)).toThrow(/"k-1" was already used with a different request body/);
  });
});

describe('checkIdempotencyKey', () => {
  it('accepts a UUID and refuses empty, over-long or non-printable keys', () => {
    const key = randomUUID();
    expect(checkIdempotencyKey(key)).toBe(key);
    for (const bad of ['', 'x'.repeat(256), 'with space', 'tab\tkey']) {
      expect(() => checkIdempotencyKey(bad)).toThrow(InvalidIdempotencyKeyError);
    }
  });
});
