import { DatabaseModule, HealthModule, MetricsModule, SERVICE_CONFIG } from '@ftgo/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import type { AccountingConfig } from './config/accounting.config';

@Module({})
export class AccountingServiceModule {
  static forRoot(config: AccountingConfig): DynamicModule {
    return {
      module: AccountingServiceModule,
      imports: [DatabaseModule.forRoot({ url: config.DATABASE_URL }), HealthModule.forRoot(), MetricsModule],
      providers: [{ provide: SERVICE_CONFIG, useValue: config }],
    };
  }
}
