import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { BreakerSample, LagSample, ProcessSample } from '../shared/flow-api';
import { MetricNames } from './metric-names';

type Families = ReturnType<typeof parsePrometheusTextFormat>;

const samplesOf = (families: Families, name: string) => families.find((family) => family.name === name)?.metrics ?? [];
const single = (families: Families, name: string) => Number(samplesOf(families, name)[0]?.value ?? Number.NaN);

/** What the page shows of one process's /metrics (Prometheus text format). */
export function readMetrics(text: string): Pick<ProcessSample, 'breakers' | 'lag' | 'outbox'> {
  const families = parsePrometheusTextFormat(text);
  const breakers: BreakerSample[] = samplesOf(families, MetricNames.breakerState)
    .filter((sample) => sample.value === '1')
    .map((sample) => ({ dependency: sample.labels?.dependency ?? '?', state: sample.labels?.state as BreakerSample['state'] }));
  const lag: LagSample[] = samplesOf(families, MetricNames.consumerLag).map((sample) => ({
    group: sample.labels?.group ?? '?',
    topic: sample.labels?.topic ?? '?',
    partition: sample.labels?.partition ?? '?',
    lag: Number(sample.value),
  }));
  const backlog = single(families, MetricNames.outboxBacklog);
  const outbox = Number.isNaN(backlog)
    ? undefined
    : {
        backlog,
        oldestUnsentAgeSeconds: single(families, MetricNames.outboxOldestUnsentAge),
        leader: single(families, MetricNames.relayActive) === 1,
      };
  return { breakers, lag, ...(outbox && { outbox }) };
}
