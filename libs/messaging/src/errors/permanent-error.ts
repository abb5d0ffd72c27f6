import { InvalidEventPayloadError, UnknownEventError } from '@ftgo/contracts';

/**
 * An error that will fail the same way on every retry: the message goes to the dead-letter
 * topic and the consumer moves on. The database's own "this value can never be stored" errors
 * count too; everything else is retried (see failure-classification.ts).
 *
 * A handler throws it (or a subclass) for business input it can never accept.
 */
export class PermanentError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The bytes are not an envelope we can read: no message id, no event type, not JSON. */
export class MalformedMessageError extends PermanentError {}

/** Nobody in this consumer group handles this event type on this topic. */
export class UnknownEventTypeError extends PermanentError {}

/** The payload does not match the schema its handler declared. */
export class InvalidPayloadError extends PermanentError {}

/**
 * Also true for the contracts' own "can never be processed" errors, so a handler that calls
 * `parseEvent` from @ftgo/contracts dead-letters a bad payload instead of retrying it for ever.
 */
export function isPermanent(error: unknown): error is Error {
  return error instanceof PermanentError || error instanceof UnknownEventError || error instanceof InvalidEventPayloadError;
}
