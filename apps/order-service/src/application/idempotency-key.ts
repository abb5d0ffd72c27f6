import { InvalidArgumentError } from '@ftgo/contracts';

/** One stored key: the fingerprint of the request that first used it and the order it created. */
export interface StoredIdempotencyKey {
  key: string;
  requestHash: string;
  orderId: string;
}

/** The same key was sent with another body: HTTP 422, nothing is created. */
export class IdempotencyKeyReusedError extends InvalidArgumentError {

  constructor(readonly key: string) {
    super(`Idempotency-Key "${key}" was already used with a different request body; use a new key for a new order`);
  }
}

/** Printable, bounded: the key is stored and echoed in errors. The OpenAPI document states this pattern. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export class InvalidIdempotencyKeyError extends InvalidArgumentError {

  constructor() {
    super('Idempotency-Key must be 1 to 255 printable ASCII characters (a UUID is a good choice)');
  }
}

export function checkIdempotencyKey(key: string): string {
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) throw new InvalidIdempotencyKeyError();
  return key;
}

/**
 * What a request with an already stored key gets: the first result (the order it created) when
 * the body is the same, a 422 when it is not. `undefined` means "never seen: go ahead".
 */
export function replayOf(stored: StoredIdempotencyKey | undefined, requestHash: string): { orderId: string } | undefined {
  if (!stored) return undefined;
  if (stored.requestHash !== requestHash) throw new IdempotencyKeyReusedError(stored.key);
  return { orderId: stored.orderId };
}
