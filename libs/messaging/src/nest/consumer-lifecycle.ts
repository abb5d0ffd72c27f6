import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { createKafka } from '@ftgo/platform';
import { DataSource } from 'typeorm';
import { parseConsumerConfig } from '../consumer/consumer-config';
import type { FailingMessage } from '../consumer/failing-messages';
import { IdempotentConsumer } from '../consumer/idempotent-consumer';
import { ProcessedMessageRetention } from '../dedup/processed-message-retention';
import { EventHandlerExplorer } from './event-handler-explorer';
import type { MessagingModuleOptions } from './messaging.module';

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/**
 * Builds the consumer from the handlers the application declares, starts it once the whole
 * application is up (every provider exists, the migrations ran), and stops it before TypeORM
 * closes its pool.
 */
@Injectable()
export class ConsumerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer?: IdempotentConsumer;
  private readonly retention: ProcessedMessageRetention;

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

  async onApplicationBootstrap(): Promise<void> {
    const { clientId, brokers, consumer: config, catalog } = this.options;
    const handlers = this.explorer.handlers(catalog ?? {});
    this.consumer = new IdempotentConsumer({ kafka: createKafka(clientId, brokers), dataSource: this.dataSource, handlers, config, catalog });
    await this.consumer.start();
    this.retention.start();
  }

  // beforeApplicationShutdown runs before onApplicationShutdown, where TypeORM closes the
  // DataSource: the message in hand still has its database while it finishes.
  async beforeApplicationShutdown(): Promise<void> {
    this.retention.stop();
    await this.consumer?.stop();
  }
}
