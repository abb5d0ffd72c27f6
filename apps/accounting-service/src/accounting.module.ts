import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { EventCatalog } from '@ftgo/contracts';
import { ConsumerReadinessIndicator, consumerOptionsOf, MessagingModule } from '@ftgo/messaging';
import { OutboxModule } from '@ftgo/outbox';
import { DatabaseModule, DatabaseUnavailableFilter, DomainErrorFilter, HealthModule, KafkaReadinessIndicator, MetricsModule, ServiceConfigModule, StrictValidationPipe } from '@ftgo/platform';
import { AccountQueries } from './application/account-queries';
import { PaymentQueries } from './application/payment-queries';
import type { AccountingConfig } from './config/accounting.config';
import { AccountingGrpcController } from './grpc/accounting-grpc.controller';
import { AccountsController } from './http/accounts.controller';
import { PaymentsController } from './http/payments.controller';
import { OrderEventsHandler } from './messaging/order-events.handler';
import { AccountRepository } from './persistence/account.repository';
import { accountingMigrations } from './persistence/migrations';
import { PaymentRepository } from './persistence/payment.repository';

/**
 * The accounting service: payments authorized, voided, reversed and re-authorized from order
 * events (messaging/), read over REST (http/) and gRPC (grpc/) through the queries
 * (application/). Its events leave through the outbox; its relay is its own process (relay.ts).
 */
@Module({})
export class AccountingModule {
  static forRoot(config: AccountingConfig): DynamicModule {
    return {
      module: AccountingModule,
      imports: [
        ServiceConfigModule.forRoot(config),
        DatabaseModule.forRoot({ url: config.DATABASE_URL, migrations: accountingMigrations }),
        OutboxModule.forRoot(),
        MessagingModule.forRoot({ ...consumerOptionsOf(config), catalog: EventCatalog }),
        HealthModule.forRoot({ readiness: [KafkaReadinessIndicator, ConsumerReadinessIndicator] }),
        MetricsModule,
      ],
      controllers: [AccountsController, PaymentsController, AccountingGrpcController],
      providers: [
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        { provide: APP_FILTER, useClass: DatabaseUnavailableFilter },
        { provide: APP_PIPE, useValue: new StrictValidationPipe() },
        AccountRepository,
        PaymentRepository,
        AccountQueries,
        PaymentQueries,
        OrderEventsHandler,
      ],
    };
  }
}
