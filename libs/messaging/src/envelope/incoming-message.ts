import { MessageHeaders } from '@ftgo/contracts';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import { MalformedMessageError } from '../errors/permanent-error';

/** A Kafka record read at the edge: the contract's headers decoded, the value parsed as JSON. */
export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The producer's outbox row id: the deduplication key. */
  messageId: string;
  eventType: string;
  correlationId?: string;
  causationId?: string;
  traceparent?: string;
  /** Every header as a string, the contract's and any others. */
  headers: Record<string, string>;
  /** Parsed JSON, not yet validated: the handler's schema does that. */
  body: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A record's headers as strings, whatever their encoding in kafkajs (Buffer, string, repeated). */
export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    // kafkajs hands a repeated header over as an array: the last one wins, as in most clients.
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined) decoded[name] = last.toString();
  }
  return decoded;
}

function parseJson(value: Buffer | null): unknown {
  if (value === null) throw new MalformedMessageError('the message has no value (a tombstone?)');
  try {
    return JSON.parse(value.toString('utf8'));
  } catch (error) {
    throw new MalformedMessageError(`the value is not JSON: ${(error as Error).message}`);
  }
}

/** Reads one record; throws MalformedMessageError for anything that can never be processed. */
export function parseIncomingMessage(topic: string, partition: number, record: KafkaMessage): IncomingMessage {
  const headers = decodeHeaders(record.headers);
  const messageId = headers[MessageHeaders.messageId];
  const eventType = headers[MessageHeaders.eventType];
  if (!messageId || !UUID.test(messageId)) {
    throw new MalformedMessageError(`header ${MessageHeaders.messageId} must be a UUID, got ${JSON.stringify(messageId)}`);
  }
  if (!eventType) throw new MalformedMessageError(`header ${MessageHeaders.eventType} is missing`);
  return {
    topic,
    partition,
    offset: record.offset,
    key: record.key?.toString('utf8') ?? null,
    messageId,
    eventType,
    correlationId: headers[MessageHeaders.correlationId],
    causationId: headers[MessageHeaders.causationId],
    traceparent: headers[MessageHeaders.traceparent],
    headers,
    body: parseJson(record.value),
  };
}

/** The fields every log line about a message carries, so one grep follows a conversation. */
export function logFields(message: Pick<IncomingMessage, 'topic' | 'partition' | 'offset'> & Partial<IncomingMessage>): string {
  const fields = [
    `topic=${message.topic}`,
    `partition=${message.partition}`,
    `offset=${message.offset}`,
    message.messageId && `message-id=${message.messageId}`,
    message.eventType && `event-type=${message.eventType}`,
    message.correlationId && `correlation-id=${message.correlationId}`,
    message.traceparent && `traceparent=${message.traceparent}`,
  ];
  return fields.filter(Boolean).join(' ');
}

/** logFields for a record that may not even parse: whatever headers it has. */
export function recordLogFields(topic: string, partition: number, record: KafkaMessage): string {
  const headers = decodeHeaders(record.headers);
  return logFields({
    topic,
    partition,
    offset: record.offset,
    messageId: headers[MessageHeaders.messageId],
    eventType: headers[MessageHeaders.eventType],
    correlationId: headers[MessageHeaders.correlationId],
    traceparent: headers[MessageHeaders.traceparent],
  });
}
