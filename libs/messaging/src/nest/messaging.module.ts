import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { createKafka, type KafkaConsumerConfig } from '@ftgo/platform';
import { DataSource } from 'typeorm';
import { type ConsumerConfigInput, parseConsumerConfig } from '../consumer/consumer-config';
import { IdempotentConsumer } from '../consumer/idempotent-consumer';
import { ProcessedMessageRetention } from '../dedup/processed-message-retention';
import type { EventSchemas } from '../handlers/handler-registry';
import { EventHandlerExplorer } from './event-handler-explorer';

export interface MessagingModuleOptions {
  clientId: string;
  brokers: string[];
  consumer: ConsumerConfigInput;
  /** The event types per topic (the contracts' EventCatalog): the schemas the handlers' payloads are validated with. */
  catalog?: EventSchemas;
}

const OPTIONS = Symbol('MESSAGING_OPTIONS');

/**
 * The consumer options of a service, from the KAFKA_* variables every service reads
 * (libs/platform's kafkaConsumerConfig).
 */
export function consumerOptionsOf(config: KafkaConsumerConfig & { KAFKA_BROKERS: string[] }): Omit<MessagingModuleOptions, 'catalog'> {
  return {
    clientId: config.KAFKA_CLIENT_ID,
    brokers: config.KAFKA_BROKERS,
    consumer: {
      groupId: config.KAFKA_CONSUMER_GROUP,
      // Only while the group has no committed offset: a first start must not skip the events
      // published before it.
      fromBeginning: true,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: config.KAFKA_HEARTBEAT_INTERVAL_MS,
      maxWaitTimeMs: config.KAFKA_MAX_WAIT_MS,
      retry: { initialDelayMs: config.KAFKA_RETRY_INITIAL_DELAY_MS },
    },
  };
}

/**
 * Builds the consumer from the handlers the application declares, starts it once the whole
 * application is up (every provider exists, the migrations ran), and stops it before TypeORM
 * closes its pool.
 */
@Injectable()
class ConsumerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer?: IdempotentConsumer;
  private readonly retention: ProcessedMessageRetention;

  constructor(
    @Inject(OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(EventHandlerExplorer) private readonly explorer: EventHandlerExplorer,
  ) {
    this.retention = new ProcessedMessageRetention(dataSource, parseConsumerConfig(options.consumer).retention);
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

/**
 * The NestJS face of the library: one consumer group per application. Handlers are methods
 * marked @EventHandler on any provider of the application, found at start-up; they may inject
 * repositories or the Outbox like any provider. Needs a TypeORM DataSource (DatabaseModule.forRoot
 * with messagingMigrations). Why discovery on our own consumer and not a @nestjs/microservices
 * transport: docs/adr/0002-idempotent-consumer.md.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    parseConsumerConfig(options.consumer);
    return {
      module: MessagingModule,
      imports: [DiscoveryModule],
      providers: [{ provide: OPTIONS, useValue: options }, EventHandlerExplorer, ConsumerLifecycle],
    };
  }
}
