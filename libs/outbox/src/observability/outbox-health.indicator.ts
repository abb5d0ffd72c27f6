import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessIndicator } from '@ftgo/platform';
import { DataSource } from 'typeorm';
import { oldestUnsentAgeMs } from './backlog-query';

export const OUTBOX_HEALTH_OPTIONS = Symbol('OUTBOX_HEALTH_OPTIONS');

export interface OutboxHealthOptions {
  /** Unhealthy when the oldest unsent row has waited longer than this: the relay is stuck or down. */
  maxOldestUnsentAgeMs: number;
}

@Injectable()
export class OutboxHealthIndicator implements ReadinessIndicator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly health: HealthIndicatorService,
    @Inject(OUTBOX_HEALTH_OPTIONS) private readonly options: OutboxHealthOptions,
  ) {}

  readonly check = async () => {
    const indicator = this.health.check('outbox');
    const ageMs = await oldestUnsentAgeMs((sql, params) => this.dataSource.query(sql, params));
    const details = { oldestUnsentAgeMs: ageMs, maxOldestUnsentAgeMs: this.options.maxOldestUnsentAgeMs };
    return ageMs > this.options.maxOldestUnsentAgeMs ? indicator.down(details) : indicator.up(details);
  };
}
