import { InvalidArgumentError } from '@ftgo/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs: a malformed one is the caller's mistake (INVALID_ARGUMENT), not a database error. */
export function requireUuid(value: string, field: string): string {
  if (!UUID.test(value)) throw new InvalidArgumentError(`${field} must be a UUID, got ${JSON.stringify(value)}`);
  return value;
}
