/**
 * An error that will fail the same way on every retry: the message goes to the dead-letter
 * topic and the consumer moves on. Anything else is treated as transient (database down, a
 * timeout, a bug about to be fixed) and retried without ever skipping the message, because losing
 * a message is worse than a partition that waits.
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

export function isPermanent(error: unknown): error is PermanentError {
  return error instanceof PermanentError;
}
