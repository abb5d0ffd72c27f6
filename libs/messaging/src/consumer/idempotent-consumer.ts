import { Logger } from '@nestjs/common';
import { backoffDelayMs, ensureTopics } from '@ftgo/platform';
import { type Consumer, type EachBatchPayload, type Kafka, type KafkaMessage, Partitioners, type Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { DeadLetterPublisher } from '../dead-letter/dead-letter-publisher';
import { isPermanent } from '../errors/permanent-error';
import { logFields, parseIncomingMessage, recordLogFields } from '../envelope/incoming-message';
import { type EventSchemas, HandlerRegistry } from '../handlers/handler-registry';
import type { MessageHandler } from '../handlers/message-handler';
import { type ConsumerConfig, type ConsumerConfigInput, deadLetterTopicOf, parseConsumerConfig } from './consumer-config';
import { consumerMetrics } from './consumer-metrics';
import { MessageProcessor } from './message-processor';

export type SettledOutcome = 'processed' | 'ignored' | 'duplicate' | 'dead-lettered';

export interface SettledMessage {
  topic: string;
  partition: number;
  offset: string;
  messageId?: string;
  outcome: SettledOutcome;
}

export interface IdempotentConsumerOptions {
  kafka: Kafka;
  dataSource: DataSource;
  handlers: Iterable<MessageHandler>;
  config: ConsumerConfigInput;
  /** The event types that exist per topic: a known type nobody handles is acknowledged, an unknown one dead-lettered. */
  catalog?: EventSchemas;
  /** Called once a message is settled (committed to the database or dead-lettered), before its offset is committed. */
  onSettled?: (message: SettledMessage) => void | Promise<void>;
}

type BatchControl = Pick<EachBatchPayload, 'heartbeat' | 'isRunning' | 'isStale'> & { commit(): Promise<void> };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A Kafka consumer that handles every message at most once in effect (see MessageProcessor) and
 * at least once in delivery. Per partition, messages are settled strictly in order, and an offset
 * is resolved only after its message is settled, so a commit never runs ahead of unfinished work.
 */
export class IdempotentConsumer {
  private readonly logger: Logger;
  private readonly config: ConsumerConfig;
  private readonly registry: HandlerRegistry;
  private readonly processor: MessageProcessor;
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly deadLetters: DeadLetterPublisher;
  private stopping?: Promise<void>;

  constructor(private readonly options: IdempotentConsumerOptions) {
    this.config = parseConsumerConfig(options.config);
    this.logger = new Logger(`IdempotentConsumer:${this.config.groupId}`);
    this.registry = new HandlerRegistry(options.handlers, options.catalog);
    this.processor = new MessageProcessor(options.dataSource, this.registry, this.config);
    this.consumer = options.kafka.consumer({
      groupId: this.config.groupId,
      sessionTimeout: this.config.sessionTimeoutMs,
      heartbeatInterval: this.config.heartbeatIntervalMs,
      maxWaitTimeInMs: this.config.maxWaitTimeMs,
    });
    this.producer = options.kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    this.deadLetters = new DeadLetterPublisher(this.producer, this.config.groupId);
  }

  get groupId(): string {
    return this.config.groupId;
  }

  async start(): Promise<void> {
    const topics = this.registry.topics();
    // The brokers do not auto-create topics: the consumer may start before any producer of its
    // topics, and a dead letter must have somewhere to go.
    const deadLetterTopics = topics.map((topic) => deadLetterTopicOf(topic, this.config.groupId));
    await ensureTopics(this.options.kafka, [...topics, ...deadLetterTopics].map((topic) => ({ topic })));
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: this.config.fromBeginning });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.config.concurrency,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    this.logger.log(`consuming ${topics.join(', ')} (concurrency ${this.config.concurrency})`);
  }

  /** Stops fetching, lets the message in hand finish and its offset commit, then disconnects. Safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.consumer.stop();
      await this.consumer.disconnect();
      await this.producer.disconnect();
      this.logger.log('stopped');
    })();
    return this.stopping;
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const control: BatchControl = {
      heartbeat,
      isRunning,
      isStale,
      commit: () => payload.commitOffsetsIfNecessary(payload.uncommittedOffsets()),
    };
    const labels = { group: this.config.groupId, topic: batch.topic, partition: String(batch.partition) };
    for (const record of batch.messages) {
      if (!isRunning() || isStale()) break;
      if (!(await this.settleWithRetries(batch.topic, batch.partition, record, control))) break;
      resolveOffset(record.offset);
      consumerMetrics.lag.set(labels, Number(batch.highWatermark) - Number(record.offset) - 1);
      await heartbeat();
    }
    // Everything resolved above is committed in the database; nothing after it is.
    await control.commit();
  }

  /** True once settled; false when the consumer stops (or the partition moves) while it still fails. */
  private async settleWithRetries(topic: string, partition: number, record: KafkaMessage, control: BatchControl) {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.settle(topic, partition, record);
        return true;
      } catch (error) {
        consumerMetrics.retries.inc({ group: this.config.groupId, topic });
        const delay = backoffDelayMs(attempt, this.config.retry);
        this.logger.warn(
          `transient failure (attempt ${attempt}), retrying in ${delay} ms: ${(error as Error).message} ` +
            recordLogFields(topic, partition, record),
        );
        // Save the progress made before this message, then wait with the partition held here.
        await control.commit().catch(() => undefined);
        if (!(await this.waitWhileRunning(delay, control))) return false;
      }
    }
  }

  /** Sleeps in heartbeat-sized slices so the group keeps this member while it waits. */
  private async waitWhileRunning(ms: number, control: BatchControl): Promise<boolean> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      await sleep(Math.min(until - Date.now(), this.config.heartbeatIntervalMs));
      if (!control.isRunning() || control.isStale()) return false;
      await control.heartbeat();
    }
    return true;
  }

  private async settle(topic: string, partition: number, record: KafkaMessage): Promise<void> {
    const settled = await this.processOrDeadLetter(topic, partition, record);
    await this.options.onSettled?.(settled);
  }

  private async processOrDeadLetter(topic: string, partition: number, record: KafkaMessage): Promise<SettledMessage> {
    const origin = { topic, partition, offset: record.offset };
    let messageId: string | undefined;
    try {
      const message = parseIncomingMessage(topic, partition, record);
      messageId = message.messageId;
      const outcome = await this.processor.process(message);
      this.logger.debug(`${outcome} ${logFields(message)}`);
      return { ...origin, messageId, outcome };
    } catch (error) {
      if (!isPermanent(error)) throw error;
      await this.deadLetters.publish(topic, partition, record, error);
      consumerMetrics.deadLettered.inc({ group: this.config.groupId, topic, error: error.name });
      this.logger.error(`dead-lettered: ${error.name}: ${error.message} ${recordLogFields(topic, partition, record)}`);
      return { ...origin, messageId, outcome: 'dead-lettered' };
    }
  }
}
