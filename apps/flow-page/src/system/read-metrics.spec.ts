import { describe, expect, it } from 'vitest';
import { MetricNames } from './metric-names';
import { readMetrics } from './read-metrics';

const relay = `
# HELP ${MetricNames.outboxBacklog} Outbox rows waiting to be published
# TYPE ${MetricNames.outboxBacklog} gauge
${MetricNames.outboxBacklog} 7
# TYPE ${MetricNames.outboxOldestUnsentAge} gauge
${MetricNames.outboxOldestUnsentAge} 2.5
# TYPE ${MetricNames.relayActive} gauge
${MetricNames.relayActive} 1
`;

const api = `
# TYPE ${MetricNames.breakerState} gauge
${MetricNames.breakerState}{dependency="kitchen",state="closed"} 0
${MetricNames.breakerState}{dependency="kitchen",state="open"} 1
${MetricNames.breakerState}{dependency="kitchen",state="half-open"} 0
${MetricNames.breakerState}{dependency="accounting",state="closed"} 1
# TYPE ${MetricNames.consumerLag} gauge
${MetricNames.consumerLag}{group="order-service",topic="kitchen.ticket.events",partition="0"} 3
# TYPE process_cpu_user_seconds_total counter
process_cpu_user_seconds_total 0.5
`;

describe('reading a process /metrics', () => {
  it("reads a relay's backlog, the age of its oldest row and whether it holds the lock", () => {
    expect(readMetrics(relay)).toEqual({ breakers: [], lag: [], outbox: { backlog: 7, oldestUnsentAgeSeconds: 2.5, leader: true } });
  });

  it("reads each breaker's current state and each consumer partition's lag", () => {
    expect(readMetrics(api)).toEqual({
      breakers: [
        { dependency: 'kitchen', state: 'open' },
        { dependency: 'accounting', state: 'closed' },
      ],
      lag: [{ group: 'order-service', topic: 'kitchen.ticket.events', partition: '0', lag: 3 }],
    });
  });
});
