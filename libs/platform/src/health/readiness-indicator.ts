import type { HealthIndicatorFunction } from '@nestjs/terminus';

/**
 * A dependency that must answer before the service takes traffic (database, broker, breakers).
 * Libraries implement it; a service lists the ones it needs in `HealthModule.forRoot`.
 */
export interface ReadinessIndicator {
  readonly check: HealthIndicatorFunction;
}
