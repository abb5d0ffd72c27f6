import { describe, expect, it } from 'vitest';
import { metricSum } from './metric-samples';

const exposition = `# HELP messaging_retries_total Retries.
# TYPE messaging_retries_total counter
messaging_retries_total{group="order-service",topic="kitchen.ticket.events"} 3
messaging_retries_total{group="order-service",topic="accounting.payment.events"} 4
messaging_retries_total_created{group="order-service",topic="kitchen.ticket.events"} 1700000000
process_open_fds 21
odd_label{reason="a \\"quoted\\" one, with a comma"} 2
`;

describe('reading a metric from a /metrics page', () => {
  it('sums the samples whose labels include the ones asked for, and only of that name', () => {
    expect(metricSum(exposition, 'messaging_retries_total')).toBe(7);
    expect(metricSum(exposition, 'messaging_retries_total', { topic: 'kitchen.ticket.events' })).toBe(3);
    expect(metricSum(exposition, 'messaging_retries_total', { group: 'order-service', topic: 'accounting.payment.events' })).toBe(4);
  });

  it('reads a sample without labels, and labels with quotes and commas in their values', () => {
    expect(metricSum(exposition, 'process_open_fds')).toBe(21);
    expect(metricSum(exposition, 'odd_label', { reason: 'a \\"quoted\\" one, with a comma' })).toBe(2);
  });

  it('is 0 for a metric not exported yet or no sample with those labels', () => {
    expect(metricSum(exposition, 'saga_pending')).toBe(0);
    expect(metricSum(exposition, 'messaging_retries_total', { topic: 'order.events' })).toBe(0);
  });
});
