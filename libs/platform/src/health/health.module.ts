import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController, READINESS_INDICATORS } from './health.controller';
import type { ReadinessIndicator } from './readiness-indicator';

export interface HealthModuleOptions {
  /** Extra readiness checks beyond the database ping, e.g. Kafka or circuit breakers. */
  readiness?: Type<ReadinessIndicator>[];
}

@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions = {}): DynamicModule {
    const readiness = options.readiness ?? [];
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ gracefulShutdownTimeoutMs: 0 })],
      controllers: [HealthController],
      providers: [
        ...readiness,
        {
          provide: READINESS_INDICATORS,
          useFactory: (...indicators: ReadinessIndicator[]) => indicators,
          inject: readiness,
        },
      ],
    };
  }
}
