import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type ModuleMetadata,
  type OnApplicationBootstrap,
  type Type,
} from '@nestjs/common';
import { createKafka } from '@ftgo/platform';
import { DataSource } from 'typeorm';
import { type ConsumerConfigInput, parseConsumerConfig } from '../consumer/consumer-config';
import { IdempotentConsumer } from '../consumer/idempotent-consumer';
import { ProcessedMessageRetention } from '../dedup/processed-message-retention';
import type { MessageHandler } from '../handlers/message-handler';

export interface MessagingModuleOptions {
  clientId: string;
  brokers: string[];
  consumer: ConsumerConfigInput;
  /** Injectable classes implementing MessageHandler; Nest builds them, so they may inject repositories or the Outbox. */
  handlers: Type<MessageHandler>[];
  /** Modules that provide what the handlers inject. */
  imports?: ModuleMetadata['imports'];
}

const HANDLERS = Symbol('MESSAGE_HANDLERS');

/** Starts consuming once the whole application is up, and stops before TypeORM closes its pool. */
@Injectable()
class ConsumerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(IdempotentConsumer) private readonly consumer: IdempotentConsumer,
    @Inject(ProcessedMessageRetention) private readonly retention: ProcessedMessageRetention,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
    this.retention.start();
  }

  // beforeApplicationShutdown runs before onApplicationShutdown, where TypeORM closes the
  // DataSource: the message in hand still has its database while it finishes.
  async beforeApplicationShutdown(): Promise<void> {
    this.retention.stop();
    await this.consumer.stop();
  }
}

/**
 * The NestJS face of the library: one consumer group per module, its handlers as providers.
 * Needs a TypeORM DataSource in the application (DatabaseModule.forRoot with messagingMigrations).
 * Why a small module and not a @nestjs/microservices transport: docs/adr/0002-idempotent-consumer.md.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    const config = parseConsumerConfig(options.consumer);
    return {
      module: MessagingModule,
      imports: options.imports ?? [],
      providers: [
        ...options.handlers,
        { provide: HANDLERS, inject: options.handlers, useFactory: (...handlers: MessageHandler[]) => handlers },
        {
          provide: IdempotentConsumer,
          inject: [DataSource, HANDLERS],
          useFactory: (dataSource: DataSource, handlers: MessageHandler[]) =>
            new IdempotentConsumer({ kafka: createKafka(options.clientId, options.brokers), dataSource, handlers, config }),
        },
        {
          provide: ProcessedMessageRetention,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new ProcessedMessageRetention(dataSource, config.retention),
        },
        ConsumerLifecycle,
      ],
      exports: [IdempotentConsumer],
    };
  }
}
