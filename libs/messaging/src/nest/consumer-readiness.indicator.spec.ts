import { HealthIndicatorService } from '@nestjs/terminus';
import { describe, expect, it } from 'vitest';
import type { FailingMessage } from '../consumer/failing-messages';
import type { ConsumerLifecycle, ConsumerMembership } from './consumer-lifecycle';
import { ConsumerReadinessIndicator } from './consumer-readiness.indicator';

const stuckMessage = { topic: 'order.events', partition: 0, offset: '7', attempts: 3 } as unknown as FailingMessage;

function readiness(membership: ConsumerMembership, stuck: FailingMessage[] = []) {
  const lifecycle = { membership: () => membership, stuckPartitions: () => stuck } as unknown as ConsumerLifecycle;
  return new ConsumerReadinessIndicator(lifecycle, new HealthIndicatorService()).check();
}

describe('ConsumerReadinessIndicator', () => {
  it('is up with group joined once the consumer is a member of its group', async () => {
    expect(await readiness('joined')).toEqual({ 'kafka-consumer': { status: 'up', group: 'joined' } });
  });

  it('is degraded with group joining while the consumer (re)joins: the API serves meanwhile', async () => {
    expect(await readiness('joining')).toEqual({ 'kafka-consumer': { status: 'degraded', group: 'joining' } });
  });

  it('is degraded with the stuck partitions, joined or not', async () => {
    expect(await readiness('joined', [stuckMessage])).toEqual({ 'kafka-consumer': { status: 'degraded', group: 'joined', stuck: [stuckMessage] } });
    expect(await readiness('joining', [stuckMessage])).toEqual({ 'kafka-consumer': { status: 'degraded', group: 'joining', stuck: [stuckMessage] } });
  });
});
