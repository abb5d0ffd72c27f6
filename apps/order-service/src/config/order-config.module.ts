import { type DynamicModule, Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@ftgo/platform';
import type { OrderConfig } from './order.config';

/** The parsed configuration, injectable everywhere (also inside HealthModule's indicators). */
@Module({})
export class OrderConfigModule {
  static forRoot(config: OrderConfig): DynamicModule {
    return {
      module: OrderConfigModule,
      global: true,
      providers: [{ provide: SERVICE_CONFIG, useValue: config }],
      exports: [SERVICE_CONFIG],
    };
  }
}
