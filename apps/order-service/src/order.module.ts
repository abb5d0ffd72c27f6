import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { EventCatalog } from '@ftgo/contracts';
import { ConsumerReadinessIndicator, consumerOptionsOf, MessagingModule } from '@ftgo/messaging';
import { OutboxModule } from '@ftgo/outbox';
import { DatabaseModule, DatabaseUnavailableFilter, DomainErrorFilter, HealthModule, KafkaReadinessIndicator, MetricsModule, ServiceConfigModule, StrictValidationPipe } from '@ftgo/platform';
import { BreakerReadinessIndicator, ResilienceModule } from '@ftgo/resilience';
import { deadlineOptionsOf, SagaDeadlinesModule } from '@ftgo/saga';
import { OrderCommands } from './application/order-commands';
import { OrderQueries } from './application/order-queries';
import type { OrderConfig } from './config/order.config';
import { OrderDeadlinesHandler } from './deadlines/order-deadlines.handler';
import { AccountingClient } from './grpc/accounting.client';
import { Dependencies } from './grpc/dependencies';
import { KitchenClient } from './grpc/kitchen.client';
import { OrdersController } from './http/orders.controller';
import { PaymentEventsHandler } from './messaging/payment-events.handler';
import { TicketEventsHandler } from './messaging/ticket-events.handler';
import { IdempotencyKeyRepository } from './persistence/idempotency-key.repository';
import { orderMigrations } from './persistence/migrations';
import { OrderRepository } from './persistence/order.repository';

/**
 * The order service: the REST API (http/) over the commands and queries (application/), the
 * kitchen and accounting gRPC clients behind their breakers (grpc/), the reactions to their
 * events (messaging/), the decisions when a saga deadline passes (deadlines/), the outbox. Its
 * relay is its own process (relay.ts).
 */
@Module({})
export class OrderModule {
  static forRoot(config: OrderConfig): DynamicModule {
    return {
      module: OrderModule,
      imports: [
        ServiceConfigModule.forRoot(config),
        DatabaseModule.forRoot({ url: config.DATABASE_URL, migrations: orderMigrations }),
        OutboxModule.forRoot(),
        MessagingModule.forRoot({ ...consumerOptionsOf(config), catalog: EventCatalog }),
        SagaDeadlinesModule.forRoot(deadlineOptionsOf(config)),
        ResilienceModule.forRoot({ dependencies: { [Dependencies.kitchen]: config.kitchen, [Dependencies.accounting]: config.accounting } }),
        HealthModule.forRoot({ readiness: [BreakerReadinessIndicator, KafkaReadinessIndicator, ConsumerReadinessIndicator] }),
        MetricsModule,
      ],
      controllers: [OrdersController],
      providers: [
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        { provide: APP_FILTER, useClass: DatabaseUnavailableFilter },
        { provide: APP_PIPE, useValue: new StrictValidationPipe() },
        OrderRepository,
        IdempotencyKeyRepository,
        OrderCommands,
        OrderQueries,
        KitchenClient,
        AccountingClient,
        TicketEventsHandler,
        PaymentEventsHandler,
        OrderDeadlinesHandler,
      ],
    };
  }
}
