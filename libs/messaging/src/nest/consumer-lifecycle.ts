import { setTimeout as sleep } from 'node:timers/promises';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { backoffDelayMs, createKafka } from '@ftgo/platform';
import { DataSource } from 'typeorm';
import { parseConsumerConfig } from '../consumer/consumer-config';
import type { FailingMessage } from '../consumer/failing-messages';
import { IdempotentConsumer } from '../consumer/idempotent-consumer';
import { ProcessedMessageRetention } from '../dedup/processed-message-retention';
import { EventHandlerExplorer } from './event-handler-explorer';
import type { MessagingModuleOptions } from './messaging.module';

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/** Between attempts at starting a consumer whose start-up failed (a topic it could not create, a broker gone). */
const START_RETRY = { initialDelayMs: 500, maxDelayMs: 10_000 };

/** What /health/ready says of the consumer besides its stuck partitions. */
export type ConsumerMembership = 'joined' | 'joining';

/**
 * Builds the consumer from the handlers the application declares, starts it once the whole
 * application is up (every provider exists, the migrations ran), and stops it before TypeORM
 * closes its pool. The start is not awaited: HTTP and gRPC serve while the consumer joins its
 * group, which after a crash waits out the dead member's session (KAFKA_SESSION_TIMEOUT_MS), and
 * a start that fails is tried again with backoff rather than taking the API down with it.
 */
@Injectable()
export class ConsumerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ConsumerLifecycle.name);
  private consumer?: IdempotentConsumer;
  private readonly retention: ProcessedMessageRetention;
  private readonly shutdown = new AbortController();
  private starting?: Promise<void>;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(EventHandlerExplorer) private readonly explorer: EventHandlerExplorer,
  ) {
    this.retention = new ProcessedMessageRetention(dataSource, parseConsumerConfig(options.consumer).retention);
  }

  /** The partitions the consumer has been retrying a message on for `stuckAfterRetries` attempts or more. */
  stuckPartitions(): FailingMessage[] {
    return this.consumer?.stuckPartitions() ?? [];
  }

  membership(): ConsumerMembership {
    return this.consumer?.joined ? 'joined' : 'joining';
  }

  /** Resolves once the consumer has started and joined its group the first time (tests wait on it). */
  started(): Promise<void> {
    return this.starting ?? Promise.reject(new Error('the application has not been bootstrapped'));
  }

  onApplicationBootstrap(): void {
    this.starting = this.startUntilRunning();
    this.retention.start();
  }

  // beforeApplicationShutdown runs before onApplicationShutdown, where TypeORM closes the
  // DataSource: the message in hand still has its database while it finishes.
  async beforeApplicationShutdown(): Promise<void> {
    this.shutdown.abort();
    this.retention.stop();
    await this.consumer?.stop();
  }

  private async startUntilRunning(): Promise<void> {
    const { clientId, brokers, consumer: config, catalog } = this.options;
    const handlers = this.explorer.handlers(catalog ?? {});
    for (let attempt = 1; !this.shutdown.signal.aborted; attempt += 1) {
      const consumer = new IdempotentConsumer({ kafka: createKafka(clientId, brokers), dataSource: this.dataSource, handlers, config, catalog });
      this.consumer = consumer;
      try {
        await consumer.start();
        return;
      } catch (error) {
        await consumer.stop().catch(() => undefined);
        if (this.shutdown.signal.aborted) return;
        const delayMs = backoffDelayMs(attempt, START_RETRY);
        this.logger.error(`the consumer did not start (attempt ${attempt}), retrying in ${delayMs} ms: ${(error as Error).message}`);
        await sleep(delayMs, undefined, { signal: this.shutdown.signal }).catch(() => undefined);
      }
    }
  }
}
