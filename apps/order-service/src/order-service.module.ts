import { DatabaseModule, HealthModule, MetricsModule, SERVICE_CONFIG } from '@ftgo/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import type { OrderConfig } from './config/order.config';

@Module({})
export class OrderServiceModule {
  static forRoot(config: OrderConfig): DynamicModule {
    return {
      module: OrderServiceModule,
      imports: [DatabaseModule.forRoot({ url: config.DATABASE_URL }), HealthModule.forRoot(), MetricsModule],
      providers: [{ provide: SERVICE_CONFIG, useValue: config }],
    };
  }
}
