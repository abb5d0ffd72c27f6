/**
 * The Kafka headers every event carries (see docs/patterns/messaging.md, "The messaging contract").
 * Producers (libs/outbox) write them and consumers (libs/messaging) read them from this one place.
 */
export const MessageHeaders = {
  /** The outbox row id, a UUID: the consumer's deduplication key. */
  messageId: 'message-id',
  eventType: 'event-type',
  aggregateType: 'aggregate-type',
  aggregateId: 'aggregate-id',
  /** The id of the whole business conversation, carried from the first HTTP request onwards. */
  correlationId: 'correlation-id',
  /** The message id of the message whose handling caused this one. */
  causationId: 'causation-id',
  occurredAt: 'occurred-at',
  /** W3C trace context. */
  traceparent: 'traceparent',
} as const;

export type MessageHeaderName = (typeof MessageHeaders)[keyof typeof MessageHeaders];
