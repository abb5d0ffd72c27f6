import { OutboxModule } from '@ftgo/outbox';
import { DatabaseModule, DomainErrorFilter, HealthModule, KafkaReadinessIndicator, MetricsModule } from '@ftgo/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AccountingCoreModule } from './accounting-core.module';
import type { AccountingConfig } from './config/accounting.config';
import { AccountingGrpcServer } from './grpc/accounting-grpc.server';
import { AccountsController } from './http/accounts.controller';
import { PaymentsController } from './http/payments.controller';
import { AccountingMessagingModule } from './messaging/accounting-messaging.module';
import { accountingMigrations } from './persistence/migrations';

/**
 * The accounting service: payments authorized, voided, reversed and re-authorized from order
 * events (messaging/), read over REST (http/) and gRPC (grpc/). Its events leave through the
 * outbox; the relay that publishes them is its own process (relay.ts).
 */
@Module({})
export class AccountingServiceModule {
  static forRoot(config: AccountingConfig): DynamicModule {
    return {
      module: AccountingServiceModule,
      imports: [
        AccountingCoreModule.forRoot(config),
        DatabaseModule.forRoot({ url: config.DATABASE_URL, migrations: accountingMigrations }),
        OutboxModule.forRoot(),
        AccountingMessagingModule.forRoot(config),
        HealthModule.forRoot({ readiness: [KafkaReadinessIndicator] }),
        MetricsModule,
      ],
      controllers: [AccountsController, PaymentsController],
      providers: [AccountingGrpcServer, { provide: APP_FILTER, useClass: DomainErrorFilter }],
    };
  }
}
