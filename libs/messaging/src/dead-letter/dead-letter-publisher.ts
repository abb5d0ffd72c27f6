import type { KafkaMessage, Producer } from 'kafkajs';
import { decodeHeaders } from '../envelope/incoming-message';
import { deadLetterTopicOf } from '../consumer/consumer-config';
import { DeadLetterHeaders } from './dead-letter-headers';

/** Kafka headers are small by convention; a huge error message should not make the DLT write fail. */
const MAX_ERROR_MESSAGE = 2_000;

/**
 * Copies a message that can never be processed to `<topic>.<group>.dlt`: same key and value
 * (bytes untouched, even if they are not JSON), original headers, plus the error and the origin.
 * Awaited with acks=all before the consumer moves past it, so a crash in between only repeats the copy.
 */
export class DeadLetterPublisher {
  constructor(
    private readonly producer: Producer,
    private readonly groupId: string,
  ) {}

  async publish(topic: string, partition: number, record: KafkaMessage, error: Error): Promise<void> {
    await this.producer.send({
      topic: deadLetterTopicOf(topic, this.groupId),
      acks: -1,
      messages: [
        {
          key: record.key,
          value: record.value,
          headers: {
            ...decodeHeaders(record.headers),
            [DeadLetterHeaders.errorClass]: error.name,
            [DeadLetterHeaders.errorMessage]: error.message.slice(0, MAX_ERROR_MESSAGE),
            [DeadLetterHeaders.originalTopic]: topic,
            [DeadLetterHeaders.originalPartition]: String(partition),
            [DeadLetterHeaders.originalOffset]: record.offset,
            [DeadLetterHeaders.consumerGroup]: this.groupId,
            [DeadLetterHeaders.failedAt]: new Date().toISOString(),
          },
        },
      ],
    });
  }
}
