import { ensureTopics } from '@ftgo/platform/standalone';
import { MessageHeaders } from '@ftgo/contracts/messaging';
import { type Kafka, type Message, Partitioners, type Producer, type ProducerConfig } from 'kafkajs';
import type { OutboxRow } from '../schema/outbox-table';
import { startPublishSpans } from './publish-spans';

/** Shared with the benchmark's raw producer, so that it measures the relay's own Kafka settings. */
export const PRODUCER_CONFIG: ProducerConfig = {
  idempotent: true,
  // kafkajs keeps per-partition order with idempotence only with one request in flight.
  maxInFlightRequests: 1,
  // The Java client's murmur2 partitioner: other languages' producers agree on key → partition.
  createPartitioner: Partitioners.DefaultPartitioner,
};

/**
 * The one piece that talks to Kafka, shared by both relay modes: only the source of rows differs.
 * Idempotent producer (no duplicates from the producer's own retries, order kept per partition),
 * acks from all in-sync replicas, key = aggregate id so one aggregate's events stay on one partition.
 */
export class OutboxPublisher {
  private producer: Producer;
  private readonly knownTopics = new Set<string>();

  constructor(
    private readonly kafka: Kafka,
    private readonly topicPartitions: number,
  ) {
    this.producer = this.createProducer();
  }

  private createProducer(): Producer {
    return this.kafka.producer(PRODUCER_CONFIG);
  }

  /**
   * A fresh producer (new producer id, sequence numbers from zero). After Kafka refused a message,
   * kafkajs's idempotence bookkeeping for that partition no longer matches the broker's, and every
   * later message there fails with OUT_OF_ORDER_SEQUENCE_NUMBER; starting over is the clean way out.
   */
  async reset(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
    this.producer = this.createProducer();
    await this.producer.connect();
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  /** Resolves once Kafka acknowledged every row; rejects if any was not. */
  async publish(rows: OutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.ensureTopicsOf(rows);
    const spans = startPublishSpans(rows);
    const byTopic = new Map<string, Message[]>();
    rows.forEach((row, index) => {
      const messages = byTopic.get(row.topic) ?? [];
      messages.push(toMessage(row, spans.headers[index]));
      byTopic.set(row.topic, messages);
    });
    try {
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      spans.end();
    } catch (error) {
      spans.end(error);
      throw error;
    }
  }

  private async ensureTopicsOf(rows: OutboxRow[]): Promise<void> {
    const missing = [...new Set(rows.map((row) => row.topic))].filter((topic) => !this.knownTopics.has(topic));
    if (missing.length === 0) return;
    await ensureTopics(this.kafka, missing.map((topic) => ({ topic, numPartitions: this.topicPartitions })));
    missing.forEach((topic) => this.knownTopics.add(topic));
  }
}

function toMessage(row: OutboxRow, trace: Record<string, string>): Message {
  return {
    key: row.aggregateId,
    value: row.payload,
    headers: { ...row.headers, ...trace, [MessageHeaders.messageId]: row.id },
  };
}
