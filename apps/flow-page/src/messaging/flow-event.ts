import { MessageHeaders, Topics } from '@ftgo/contracts';
import { DeadLetterHeaders, decodeHeaders, parseIncomingMessage } from '@ftgo/messaging';
import type { KafkaMessage } from 'kafkajs';
import type { FlowEvent } from '../shared/flow-api';

/** The topics the page tails (with their dead-letter topics) and reads committed offsets of. */
export const EVENT_TOPICS: string[] = Object.values(Topics);

/** Each event topic has one writer: the relay of the service that owns the aggregate. */
const PRODUCERS: Record<string, string> = {
  [Topics.order]: 'order-service',
  [Topics.ticket]: 'kitchen-service',
  [Topics.payment]: 'accounting-service',
};

/** What makes the record one the services' consumers would dead-letter, if anything. */
function contractViolation(topic: string, partition: number, record: KafkaMessage): string | undefined {
  try {
    parseIncomingMessage(topic, partition, record);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The parsed JSON value, or its text when it is not JSON. */
function readPayload(record: KafkaMessage): unknown {
  const text = record.value?.toString('utf8') ?? null;
  try {
    return text === null ? null : JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * A record as the page shows it. Lenient on purpose: a record that breaks the contract (the kind
 * that ends on a dead-letter topic) is shown with what is wrong, not dropped.
 */
export function toFlowEvent(topic: string, partition: number, record: KafkaMessage, seenAt: Date): FlowEvent {
  const headers = decodeHeaders(record.headers);
  const malformed = contractViolation(topic, partition, record);
  const payload = readPayload(record);
  const dlt = headers[DeadLetterHeaders.consumerGroup];
  const orderId = (payload as { orderId?: unknown } | null)?.orderId;
  const aggregateType = headers[MessageHeaders.aggregateType];
  const aggregateId = headers[MessageHeaders.aggregateId];
  return {
    id: `${topic}/${partition}/${record.offset}`,
    topic,
    partition,
    offset: record.offset,
    key: record.key?.toString('utf8') ?? null,
    messageId: headers[MessageHeaders.messageId],
    eventType: headers[MessageHeaders.eventType],
    aggregateType,
    aggregateId,
    correlationId: headers[MessageHeaders.correlationId],
    causationId: headers[MessageHeaders.causationId],
    traceparent: headers[MessageHeaders.traceparent],
    occurredAt: headers[MessageHeaders.occurredAt],
    publishedAt: new Date(Number(record.timestamp)).toISOString(),
    seenAt: seenAt.toISOString(),
    producer: dlt ?? PRODUCERS[topic] ?? 'unknown',
    orderId: typeof orderId === 'string' ? orderId : aggregateType === 'Order' ? aggregateId : undefined,
    payload,
    ...(dlt && {
      deadLetter: {
        consumerGroup: dlt,
        error: headers[DeadLetterHeaders.errorMessage],
        originalTopic: headers[DeadLetterHeaders.originalTopic],
        originalOffset: headers[DeadLetterHeaders.originalOffset],
      },
    }),
    ...(malformed && { malformed }),
  };
}
