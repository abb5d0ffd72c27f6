import { type DynamicModule, Module } from '@nestjs/common';
import { SERVICE_CONFIG } from './service-config.token';

/**
 * The service's parsed configuration as SERVICE_CONFIG, injectable everywhere: global, because
 * library modules (health indicators, the consumer, the gRPC server) read it from their own scope.
 */
@Module({})
export class ServiceConfigModule {
  static forRoot(config: object): DynamicModule {
    return {
      module: ServiceConfigModule,
      global: true,
      providers: [{ provide: SERVICE_CONFIG, useValue: config }],
      exports: [SERVICE_CONFIG],
    };
  }
}
