import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { DependencyConfig } from '../config/dependency-config';
import { DependencyGuards } from '../guard/dependency-guards';
import { DependencyUnavailableFilter } from './dependency-unavailable.filter';

export interface ResilienceModuleOptions {
  /** Per dependency name (e.g. `kitchen`), its parsed config (`dependencyConfigFromEnv`). */
  dependencies: Record<string, Omit<DependencyConfig, 'address'>>;
}

/**
 * Makes `DependencyGuards` injectable everywhere (global: the readiness indicator lives inside
 * HealthModule) and turns DependencyUnavailableError into 503 + Retry-After app-wide.
 * Add `BreakerReadinessIndicator` to `HealthModule.forRoot({ readiness })` to see the breakers.
 */
@Module({})
export class ResilienceModule implements OnApplicationShutdown {
  constructor(@Inject(DependencyGuards) private readonly guards: DependencyGuards) {}

  static forRoot(options: ResilienceModuleOptions): DynamicModule {
    return {
      module: ResilienceModule,
      global: true,
      providers: [
        { provide: DependencyGuards, useFactory: () => new DependencyGuards(options.dependencies) },
        { provide: APP_FILTER, useClass: DependencyUnavailableFilter },
      ],
      exports: [DependencyGuards],
    };
  }

  onApplicationShutdown(): void {
    this.guards.shutdown();
  }
}
