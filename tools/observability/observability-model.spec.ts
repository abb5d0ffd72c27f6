import { describe, expect, it } from 'vitest';
import { exposedMetricNames, metricNamesOf } from './observability-model';

describe('metricNamesOf', () => {
  it('finds the metrics of a query, not its functions, keywords, labels, ranges or variables', () => {
    const expr =
      'histogram_quantile(0.95, sum by (service, le) (rate(http_server_request_duration_seconds_bucket{service=~"$service", status_code=~"5.."}[1m]))) / ignoring (le) up';
    expect(metricNamesOf(expr)).toEqual(['http_server_request_duration_seconds_bucket', 'up']);
    expect(metricNamesOf('max by (service) (outbox_oldest_unsent_age_seconds) > 60 and deriv(messaging_consumer_lag[5m]) > 0')).toEqual([
      'outbox_oldest_unsent_age_seconds',
      'messaging_consumer_lag',
    ]);
  });
});

describe('exposedMetricNames', () => {
  it("reads the declared metrics, a histogram's series included, even before any sample", () => {
    const exposition = ['# HELP a_total A', '# TYPE a_total counter', '# TYPE b_seconds histogram', 'b_seconds_bucket{le="1"} 0'].join('\n');
    expect([...exposedMetricNames(exposition)].sort()).toEqual(['a_total', 'b_seconds', 'b_seconds_bucket', 'b_seconds_count', 'b_seconds_sum']);
  });
});
