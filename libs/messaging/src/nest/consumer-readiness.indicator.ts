import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessIndicator } from '@ftgo/platform';
import { ConsumerLifecycle } from './consumer-lifecycle';

/**
 * The consumer under `kafka-consumer` in /health/ready: `degraded` with `group: 'joining'` while it
 * is not (yet, or again) a member of its group, e.g. for the dead member's session timeout after a
 * crash; `degraded` with each stuck partition's offset, attempts and last error while a message has
 * failed `stuckAfterRetries` times and is still being retried. Degraded, not down (the answer stays
 * 200): the API still serves, and restarting or unrouting the service would make neither pass sooner.
 */
@Injectable()
export class ConsumerReadinessIndicator implements ReadinessIndicator {
  constructor(
    @Inject(ConsumerLifecycle) private readonly consumer: ConsumerLifecycle,
    @Inject(HealthIndicatorService) private readonly health: HealthIndicatorService,
  ) {}

  readonly check = async () => {
    const indicator = this.health.check('kafka-consumer');
    const group = this.consumer.membership();
    const stuck = this.consumer.stuckPartitions();
    if (group === 'joining') return indicator.degraded({ group, ...(stuck.length > 0 && { stuck }) });
    return stuck.length > 0 ? indicator.degraded({ group, stuck }) : indicator.up({ group });
  };
}
