import { MessageHeaders } from '@ftgo/contracts';
import { Logger } from '@nestjs/common';
import { backoffDelayMs, ensureTopics } from '@ftgo/platform';
import { type Consumer, type EachBatchPayload, type Kafka, type KafkaMessage, Partitioners, type Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { DeadLetterPublisher } from '../dead-letter/dead-letter-publisher';
import { classifyFailure } from '../errors/failure-classification';
import { decodeHeaders, logFields, parseIncomingMessage, recordLogFields } from '../envelope/incoming-message';
import { type EventSchemas, HandlerRegistry } from '../handlers/handler-registry';
import type { MessageHandler } from '../handlers/message-handler';
import { type ConsumerConfig, type ConsumerConfigInput, deadLetterTopicOf, parseConsumerConfig } from './consumer-config';
import { ConsumerLagMonitor } from './consumer-lag-monitor';
import { consumerMetrics } from './consumer-metrics';
import { type FailingMessage, FailingMessages } from './failing-messages';
import { MessageProcessor } from './message-processor';
import { restartAfterCrash } from './restart-after-crash';

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

function messageIdOf(record: KafkaMessage): string | undefined {
  return decodeHeaders(record.headers)[MessageHeaders.messageId];
}

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
  private readonly failing = new FailingMessages();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private readonly lag: ConsumerLagMonitor;
  private readonly restarts: { cancel(): void };
  private stopping?: Promise<void>;
  private member = false;

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
      // A join still pending when stop() disconnects fails like a crash: it must not restart then.
      retry: { retries: 5, restartOnFailure: async () => this.stopping === undefined },
    });
    // Joining waits out a killed predecessor's session (30 s by default): readiness says so meanwhile.
    const { GROUP_JOIN, REBALANCING, CRASH, STOP } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, () => (this.member = true));
    for (const left of [REBALANCING, CRASH, STOP]) this.consumer.on(left, () => (this.member = false));
    this.restarts = restartAfterCrash(this.consumer, {
      run: () => this.run(),
      stopping: () => this.stopping !== undefined,
      policy: this.config.retry,
      logger: this.logger,
      onRestart: () => consumerMetrics.restarts.inc({ group: this.config.groupId }),
    });
    this.producer = options.kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    this.deadLetters = new DeadLetterPublisher(this.producer, this.config.groupId);
    this.lag = new ConsumerLagMonitor(options.kafka, this.config.groupId, this.registry.topics(), this.config.lagIntervalMs);
  }

  /** The partitions whose message has failed `stuckAfterRetries` times or more and is still being retried. */
  stuckPartitions(): FailingMessage[] {
    return this.failing.stuck(this.config.stuckAfterRetries);
  }

  /** True while it is a member of its group with its partitions assigned; false while it (re)joins. */
  get joined(): boolean {
    return this.member;
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
    await this.readDeadLetterLimits(topics);
    await this.abandonIfStopped();
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: this.config.fromBeginning });
    await this.abandonIfStopped();
    await this.run();
    await this.abandonIfStopped();
    this.lag.start();
    this.logger.log(`consuming ${topics.join(', ')} (concurrency ${this.config.concurrency})`);
  }

  private run(): Promise<void> {
    return this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.config.concurrency,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  /** A stop() while start() was on its way: what start() connected after it must not outlive it. */
  private async abandonIfStopped(): Promise<void> {
    if (!this.stopping) return;
    await this.stopping;
    await this.consumer.disconnect();
    await this.producer.disconnect();
    throw new Error(`consumer ${this.config.groupId} was stopped while starting`);
  }

  private async readDeadLetterLimits(topics: string[]): Promise<void> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      await this.deadLetters.readLimits(admin, topics);
    } finally {
      await admin.disconnect();
    }
  }

  /** Stops fetching, lets the message in hand finish and its offset commit, then disconnects. Safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.lag.stop();
      this.restarts.cancel();
      await this.consumer.stop();
      for (const timer of this.resumeTimers) clearTimeout(timer);
      this.resumeTimers.clear();
      await this.consumer.disconnect();
      await this.producer.disconnect();
      this.logger.log('stopped');
    })();
    return this.stopping;
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    for (const record of batch.messages) {
      if (!isRunning() || isStale()) break;
      const retryInMs = await this.attempt(batch.topic, batch.partition, record);
      if (retryInMs !== undefined) {
        this.pauseFor(retryInMs, payload.pause);
        break;
      }
      resolveOffset(record.offset);
      await heartbeat();
    }
    // Everything resolved above is committed in the database; nothing after it is.
    await payload.commitOffsetsIfNecessary(payload.uncommittedOffsets()).catch((error: unknown) => {
      this.logger.warn(`offset commit failed, the next batch retries it: ${(error as Error).message}`);
    });
  }

  /**
   * One attempt at a message: undefined once it is settled, else the wait before the next
   * attempt. A message of unknown failure is dead-lettered when its retry budget is spent.
   */
  private async attempt(topic: string, partition: number, record: KafkaMessage): Promise<number | undefined> {
    try {
      await this.settle(topic, partition, record);
      this.failing.settled(topic, partition);
      return undefined;
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      const kind = classifyFailure(error);
      const failure = this.failing.recordFailure(topic, partition, record.offset, kind, error);
      if (kind === 'unknown' && failure.budgetUsed >= this.config.retry.maxAttempts) {
        if (await this.giveUp(topic, partition, record, error, failure.attempts)) return undefined;
      }
      consumerMetrics.retries.inc({ group: this.config.groupId, topic });
      const delay = backoffDelayMs(failure.attempts, this.config.retry);
      this.logger.warn(
        `${kind} failure (attempt ${failure.attempts}), retrying in ${delay} ms: ${error.message} ` +
          recordLogFields(topic, partition, record),
      );
      return delay;
    }
  }

  /** The escalation of a message that kept failing: dead-lettered with its attempt count, if the copy can be written. */
  private async giveUp(topic: string, partition: number, record: KafkaMessage, error: Error, attempts: number): Promise<boolean> {
    try {
      await this.deadLetter(topic, partition, record, error, attempts);
      await this.options.onSettled?.({ topic, partition, offset: record.offset, messageId: messageIdOf(record), outcome: 'dead-lettered' });
      this.failing.settled(topic, partition);
      return true;
    } catch (deadLetterError) {
      this.logger.error(`could not dead-letter after ${attempts} attempts: ${(deadLetterError as Error).message}`);
      return false;
    }
  }

  /**
   * Takes the partition out of the fetches for `ms`, so the wait holds neither this fetch's
   * other batches nor the next fetch: kafkajs fetches again only once every batch of a fetch has
   * returned. The unresolved message is fetched again on resume.
   */
  private pauseFor(ms: number, pause: EachBatchPayload['pause']): void {
    const resume = pause();
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      resume();
    }, ms);
    this.resumeTimers.add(timer);
  }

  private async deadLetter(topic: string, partition: number, record: KafkaMessage, error: Error, attempts?: number): Promise<void> {
    await this.deadLetters.publish(topic, partition, record, error, { attempts });
    consumerMetrics.deadLettered.inc({ group: this.config.groupId, topic, error: error.name });
    this.logger.error(
      `dead-lettered${attempts ? ` after ${attempts} attempts` : ''}: ${error.name}: ${error.message} ${recordLogFields(topic, partition, record)}`,
    );
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
      if (!(error instanceof Error) || classifyFailure(error) !== 'permanent') throw error;
      await this.deadLetter(topic, partition, record, error);
      return { ...origin, messageId, outcome: 'dead-lettered' };
    }
  }
}
