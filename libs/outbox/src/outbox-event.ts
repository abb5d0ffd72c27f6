/** One event a service emits, written by `outbox.add` in the same transaction as its business change. */
export interface OutboxEvent {
  /** The Kafka topic; created by the relay when missing. */
  topic: string;
  aggregateType: string;
  /** The Kafka key: every event of one aggregate lands on one partition, in order. */
  aggregateId: string;
  eventType: string;
  payload: Record<string, unknown>;
  /** The id of the whole business conversation. */
  correlationId?: string;
  /** The message id of the message whose handling caused this event. */
  causationId?: string;
  /** W3C trace context of the request that caused this event. */
  traceparent?: string;
}
