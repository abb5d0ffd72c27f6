import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessIndicator } from '@ftgo/platform';
import { DependencyGuards } from '../guard/dependency-guards';

/**
 * Every breaker's state and window counts under `circuit-breakers` in /health/ready.
 * An open breaker makes the service `degraded`, not down: it still answers (503 fast, or a
 * fallback), and taking it out of the load balancer would turn one sick dependency into an outage
 * of every caller — the cascading failure the breaker is there to stop.
 */
@Injectable()
export class BreakerReadinessIndicator implements ReadinessIndicator {
  constructor(
    private readonly guards: DependencyGuards,
    private readonly health: HealthIndicatorService,
  ) {}

  readonly check = async () => {
    const indicator = this.health.check('circuit-breakers');
    const breakers = Object.fromEntries(this.guards.all().map((guard) => [guard.dependency, guard.snapshot()]));
    const impaired = Object.values(breakers).some((breaker) => breaker.state !== 'closed');
    return impaired ? indicator.degraded({ breakers }) : indicator.up({ breakers });
  };
}
