import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessIndicator } from '@ftgo/platform';
import { ConsumerLifecycle } from './consumer-lifecycle';

/**
 * The consumer under `kafka-consumer` in /health/ready: `degraded`, with each stuck partition's
 * offset, attempts and last error, while a message has failed `stuckAfterRetries` times and is
 * still being retried. Degraded, not down: the API still serves, and restarting or unrouting
 * the service would not make the message pass.
 */
@Injectable()
export class ConsumerReadinessIndicator implements ReadinessIndicator {
  constructor(
    @Inject(ConsumerLifecycle) private readonly consumer: ConsumerLifecycle,
    @Inject(HealthIndicatorService) private readonly health: HealthIndicatorService,
  ) {}

  readonly check = async () => {
    const indicator = this.health.check('kafka-consumer');
    const stuck = this.consumer.stuckPartitions();
    return stuck.length > 0 ? indicator.degraded({ stuck }) : indicator.up();
  };
}
