import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { EventCatalog } from '@ftgo/contracts';
import { ConsumerReadinessIndicator, consumerOptionsOf, MessagingModule } from '@ftgo/messaging';
import { OutboxModule } from '@ftgo/outbox';
import { DatabaseModule, DatabaseUnavailableFilter, DomainErrorFilter, HealthModule, KafkaReadinessIndicator, MetricsModule, ServiceConfigModule, StrictValidationPipe } from '@ftgo/platform';
import { RestaurantQueries } from './application/restaurant-queries';
import { TicketCommands } from './application/ticket-commands';
import { TicketQueries } from './application/ticket-queries';
import type { KitchenConfig } from './config/kitchen.config';
import { KitchenGrpcController } from './grpc/kitchen-grpc.controller';
import { RestaurantsController } from './http/restaurants.controller';
import { TicketsController } from './http/tickets.controller';
import { OrderEventsHandler } from './messaging/order-events.handler';
import { kitchenMigrations } from './persistence/migrations';
import { RestaurantRepository } from './persistence/restaurant.repository';
import { TicketRepository } from './persistence/ticket.repository';

/**
 * The kitchen service: REST (http/) and gRPC (grpc/) over one set of commands and queries
 * (application/), the reactions to order events (messaging/), the outbox. Its relay is its own
 * process (relay.ts).
 */
@Module({})
export class KitchenModule {
  static forRoot(config: KitchenConfig): DynamicModule {
    return {
      module: KitchenModule,
      imports: [
        ServiceConfigModule.forRoot(config),
        DatabaseModule.forRoot({ url: config.DATABASE_URL, migrations: kitchenMigrations }),
        OutboxModule.forRoot(),
        MessagingModule.forRoot({ ...consumerOptionsOf(config), catalog: EventCatalog }),
        HealthModule.forRoot({ readiness: [KafkaReadinessIndicator, ConsumerReadinessIndicator] }),
        MetricsModule,
      ],
      controllers: [RestaurantsController, TicketsController, KitchenGrpcController],
      providers: [
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        { provide: APP_FILTER, useClass: DatabaseUnavailableFilter },
        { provide: APP_PIPE, useValue: new StrictValidationPipe() },
        RestaurantRepository,
        TicketRepository,
        RestaurantQueries,
        TicketQueries,
        TicketCommands,
        OrderEventsHandler,
      ],
    };
  }
}
