import { ConfigResourceTypes, type Admin, type KafkaMessage, type Producer } from 'kafkajs';
import { decodeHeaders } from '../envelope/incoming-message';
import { deadLetterTopicOf } from '../consumer/consumer-config';
import { DeadLetterHeaders } from './dead-letter-headers';
import { recordBatchBytes } from './record-size';

/** Kafka headers are small by convention; a huge error message should not make the DLT write fail. */
const MAX_ERROR_MESSAGE = 2_000;
/** The broker's own default of message.max.bytes, for a topic whose setting cannot be read. */
const BROKER_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

export interface DeadLetterDetails {
  /** How many times the message was tried, when it took more than one attempt. */
  attempts?: number;
}

type DeadLetterRecord = { key: Buffer | null; value: Buffer | null; headers: Record<string, string> };

/**
 * Copies a message that can never be processed to `<topic>.<group>.dlt`: same key and value
 * (bytes untouched, even if they are not JSON), original headers, plus the error and the origin.
 * Awaited with acks=all before the consumer moves past it, so a crash in between only repeats the copy.
 *
 * A copy that would not fit the dead-letter topic's max.message.bytes (the dlt-* headers add about
 * half a kilobyte to a message that just fitted its own topic) keeps the headers and as much of the
 * value as fits, and says so in `dlt-value-truncated`; the whole original stays at its
 * `dlt-original-*` topic, partition and offset.
 */
export class DeadLetterPublisher {
  private readonly maxMessageBytes = new Map<string, number>();

  constructor(
    private readonly producer: Producer,
    private readonly groupId: string,
  ) {}

  /** Reads each dead-letter topic's max.message.bytes from the broker. */
  async readLimits(admin: Admin, topics: string[]): Promise<void> {
    const deadLetterTopics = topics.map((topic) => deadLetterTopicOf(topic, this.groupId));
    const { resources } = await admin.describeConfigs({
      resources: deadLetterTopics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['max.message.bytes'] })),
      includeSynonyms: false,
    });
    for (const resource of resources) {
      const value = Number(resource.configEntries.find((entry) => entry.configName === 'max.message.bytes')?.configValue);
      if (Number.isSafeInteger(value) && value > 0) this.maxMessageBytes.set(resource.resourceName, value);
    }
  }

  async publish(topic: string, partition: number, record: KafkaMessage, error: Error, details: DeadLetterDetails = {}): Promise<void> {
    const deadLetterTopic = deadLetterTopicOf(topic, this.groupId);
    const headers: Record<string, string> = {
      ...decodeHeaders(record.headers),
      [DeadLetterHeaders.errorClass]: error.name,
      [DeadLetterHeaders.errorMessage]: error.message.slice(0, MAX_ERROR_MESSAGE),
      [DeadLetterHeaders.originalTopic]: topic,
      [DeadLetterHeaders.originalPartition]: String(partition),
      [DeadLetterHeaders.originalOffset]: record.offset,
      [DeadLetterHeaders.consumerGroup]: this.groupId,
      [DeadLetterHeaders.failedAt]: new Date().toISOString(),
      ...(details.attempts === undefined ? {} : { [DeadLetterHeaders.attempts]: String(details.attempts) }),
    };
    const limit = this.maxMessageBytes.get(deadLetterTopic) ?? BROKER_DEFAULT_MAX_MESSAGE_BYTES;
    const copy = fitted({ key: record.key, value: record.value, headers }, limit);
    await this.producer.send({ topic: deadLetterTopic, acks: -1, messages: [copy] });
  }
}

/** The record as it is if it fits `limit`, else with its value cut to what fits and the cut recorded. */
function fitted(record: DeadLetterRecord, limit: number): DeadLetterRecord {
  if (recordBatchBytes(record) <= limit || record.value === null) return record;
  const headers = { ...record.headers, [DeadLetterHeaders.valueTruncated]: String(record.value.length) };
  const room = Math.max(0, limit - recordBatchBytes({ ...record, value: null, headers }));
  return { ...record, value: record.value.subarray(0, room), headers };
}
