import { OutboxModule } from '@ftgo/outbox';
import { DatabaseModule, DomainErrorFilter, HealthModule, KafkaReadinessIndicator, MetricsModule, ServiceConfigModule } from '@ftgo/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { RestaurantCatalog } from './application/restaurant-catalog.service';
import { TicketQueries } from './application/ticket-queries.service';
import { TicketVerbs } from './application/ticket-verbs.service';
import type { KitchenConfig } from './config/kitchen.config';
import { KitchenGrpcHandlers } from './grpc/kitchen-grpc.handlers';
import { KitchenGrpcServer } from './grpc/kitchen-grpc.server';
import { RestaurantsController } from './http/restaurants.controller';
import { TicketsController } from './http/tickets.controller';
import { kitchenMessaging } from './messaging/kitchen-messaging.module';
import { OrderEventsTopic } from './messaging/order-events-topic';
import { kitchenMigrations } from './persistence/kitchen-migrations';
import { KitchenPersistenceModule } from './persistence/kitchen-persistence.module';

/** The kitchen service: REST and gRPC over one set of use cases, the order-event consumer, the outbox. */
@Module({})
export class KitchenServiceModule {
  static forRoot(config: KitchenConfig): DynamicModule {
    return {
      module: KitchenServiceModule,
      imports: [
        ServiceConfigModule.forRoot(config),
        DatabaseModule.forRoot({ url: config.DATABASE_URL, migrations: kitchenMigrations }),
        OutboxModule.forRoot(),
        KitchenPersistenceModule,
        kitchenMessaging(config),
        HealthModule.forRoot({ readiness: [KafkaReadinessIndicator] }),
        MetricsModule,
      ],
      controllers: [RestaurantsController, TicketsController],
      providers: [
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        RestaurantCatalog,
        TicketQueries,
        TicketVerbs,
        KitchenGrpcHandlers,
        KitchenGrpcServer,
        OrderEventsTopic,
      ],
    };
  }
}
