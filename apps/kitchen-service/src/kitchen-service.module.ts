import { DatabaseModule, HealthModule, MetricsModule, SERVICE_CONFIG } from '@ftgo/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import type { KitchenConfig } from './config/kitchen.config';

@Module({})
export class KitchenServiceModule {
  static forRoot(config: KitchenConfig): DynamicModule {
    return {
      module: KitchenServiceModule,
      imports: [DatabaseModule.forRoot({ url: config.DATABASE_URL }), HealthModule.forRoot(), MetricsModule],
      providers: [{ provide: SERVICE_CONFIG, useValue: config }],
    };
  }
}
