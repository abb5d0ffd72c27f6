import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { messagingMigrations, MessagingModule } from '@ftgo/messaging';
import { outboxMigrations, OutboxModule } from '@ftgo/outbox';
import { DatabaseModule, DomainErrorFilter, HealthModule, KafkaReadinessIndicator, MetricsModule, ServiceConfigModule } from '@ftgo/platform';
import { BreakerReadinessIndicator, ResilienceModule } from '@ftgo/resilience';
import { ChangeOrderUseCase } from './application/change-order.use-case';
import { CreateOrderUseCase } from './application/create-order.use-case';
import { OrderQueries } from './application/order-queries';
import type { OrderConfig } from './config/order.config';
import { AccountingClient } from './grpc/accounting.client';
import { Dependencies } from './grpc/dependencies';
import { KitchenClient } from './grpc/kitchen.client';
import { OrdersController } from './http/orders.controller';
import { ConsumedTopics } from './messaging/consumed-topics';
import { paymentReactions, ticketReactions } from './messaging/order-reactions';
import { orderMigrations } from './persistence/migrations/create-order-tables.migration';
import { OrderPersistenceModule } from './persistence/order-persistence.module';

@Module({})
export class OrderServiceModule {
  static forRoot(config: OrderConfig): DynamicModule {
    return {
      module: OrderServiceModule,
      imports: [
        ServiceConfigModule.forRoot(config),
        // The libraries' tables first, then the service's own.
        DatabaseModule.forRoot({ url: config.DATABASE_URL, migrations: [...outboxMigrations, ...messagingMigrations, ...orderMigrations] }),
        OutboxModule.forRoot(),
        ResilienceModule.forRoot({ dependencies: { [Dependencies.kitchen]: config.kitchen, [Dependencies.accounting]: config.accounting } }),
        HealthModule.forRoot({ readiness: [BreakerReadinessIndicator, KafkaReadinessIndicator] }),
        MetricsModule,
        OrderPersistenceModule,
        MessagingModule.forRoot({
          clientId: config.KAFKA_CLIENT_ID,
          brokers: config.KAFKA_BROKERS,
          imports: [OrderPersistenceModule],
          handlers: [...ticketReactions, ...paymentReactions],
          consumer: {
            groupId: config.KAFKA_CONSUMER_GROUP,
            // A new group must not skip the answers published before its first start.
            fromBeginning: true,
            sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
            heartbeatIntervalMs: config.KAFKA_HEARTBEAT_INTERVAL_MS,
            maxWaitTimeMs: config.KAFKA_MAX_WAIT_MS,
            retry: { initialDelayMs: config.KAFKA_RETRY_INITIAL_DELAY_MS },
          },
        }),
      ],
      controllers: [OrdersController],
      providers: [
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        ConsumedTopics,
        KitchenClient,
        AccountingClient,
        CreateOrderUseCase,
        ChangeOrderUseCase,
        OrderQueries,
      ],
    };
  }
}
