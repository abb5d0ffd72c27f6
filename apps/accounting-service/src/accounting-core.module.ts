import { SERVICE_CONFIG } from '@ftgo/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import type { AccountingConfig } from './config/accounting.config';
import { PaymentChanges } from './messaging/payment-changes';
import { AccountRepository } from './persistence/account.repository';
import { AccountingQueries } from './persistence/accounting-queries';
import { PaymentRepository } from './persistence/payment.repository';

/**
 * What every part of the service injects (the message handlers, the HTTP and gRPC APIs, the health
 * checks): the config, the repositories, the read queries and the payment use cases. Global, because the messaging and
 * health modules build their providers in their own module scope.
 */
@Module({})
export class AccountingCoreModule {
  static forRoot(config: AccountingConfig): DynamicModule {
    const providers = [{ provide: SERVICE_CONFIG, useValue: config }, AccountRepository, PaymentRepository, AccountingQueries, PaymentChanges];
    return { module: AccountingCoreModule, global: true, providers, exports: providers };
  }
}
