import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { KafkaConsumerConfig } from '@ftgo/platform';
import { type ConsumerConfigInput, parseConsumerConfig } from '../consumer/consumer-config';
import type { EventSchemas } from '../handlers/handler-registry';
import { ConsumerLifecycle, MESSAGING_OPTIONS } from './consumer-lifecycle';
import { ConsumerReadinessIndicator } from './consumer-readiness.indicator';
import { EventHandlerExplorer } from './event-handler-explorer';

export interface MessagingModuleOptions {
  clientId: string;
  brokers: string[];
  consumer: ConsumerConfigInput;
  /** The event types per topic (the contracts' EventCatalog): the schemas the handlers' payloads are validated with. */
  catalog?: EventSchemas;
}

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
      retry: { initialDelayMs: config.KAFKA_RETRY_INITIAL_DELAY_MS, maxAttempts: config.KAFKA_RETRY_MAX_ATTEMPTS },
      stuckAfterRetries: config.KAFKA_STUCK_AFTER_RETRIES,
      lagIntervalMs: config.KAFKA_LAG_INTERVAL_MS,
    },
  };
}

/**
 * The NestJS face of the library: one consumer group per application. Handlers are methods
 * marked @EventHandler on any provider of the application, found at start-up; they may inject
 * repositories or the Outbox like any provider. Needs a TypeORM DataSource (DatabaseModule.forRoot
 * with messagingMigrations). Why discovery on our own consumer and not a @nestjs/microservices
 * transport: docs/adr/0002-idempotent-consumer.md. Global, so that `ConsumerReadinessIndicator`
 * can be listed in `HealthModule.forRoot({ readiness: [...] })`.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    parseConsumerConfig(options.consumer);
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule, TerminusModule],
      providers: [{ provide: MESSAGING_OPTIONS, useValue: options }, EventHandlerExplorer, ConsumerLifecycle, ConsumerReadinessIndicator],
      exports: [ConsumerLifecycle, ConsumerReadinessIndicator],
    };
  }
}
