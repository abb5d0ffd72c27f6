interface KafkaErrorLike {
  name?: string;
  retriable?: boolean;
  type?: string;
  cause?: unknown;
  originalError?: unknown;
}

/**
 * True when Kafka refused the message itself (e.g. MESSAGE_TOO_LARGE): retrying the same bytes
 * will keep failing, so it counts towards the message's attempts. Anything else (broker down,
 * timeouts, leader elections) is an outage: the relay waits and retries without blaming a message.
 */
export function isPermanentPublishError(error: unknown): boolean {
  for (let current = error as KafkaErrorLike | undefined; current; ) {
    if (current.name === 'KafkaJSProtocolError' && current.retriable === false) return true;
    current = (current.cause ?? current.originalError) as KafkaErrorLike | undefined;
  }
  return false;
}

export function describeError(error: unknown): string {
  const kafka = error as KafkaErrorLike;
  const message = error instanceof Error ? error.message : String(error);
  return kafka?.type ? `${kafka.type}: ${message}` : message;
}

/** Errors from kafkajs that are not a refused message: an outage to wait out. Anything else (SQL, connection) ends the session. */
export function isKafkaOutage(error: unknown): boolean {
  return error instanceof Error && error.name.startsWith('KafkaJS') && !isPermanentPublishError(error);
}
