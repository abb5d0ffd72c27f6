import { SERVICE_CONFIG } from '@ftgo/platform';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { KitchenConfig } from './kitchen.config';

/** The parsed config as SERVICE_CONFIG everywhere, also inside library modules (e.g. health's indicators). */
@Global()
@Module({})
export class KitchenConfigModule {
  static forRoot(config: KitchenConfig): DynamicModule {
    return {
      module: KitchenConfigModule,
      providers: [{ provide: SERVICE_CONFIG, useValue: config }],
      exports: [SERVICE_CONFIG],
    };
  }
}
