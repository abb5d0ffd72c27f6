import {
  Counter,
  type CounterConfiguration,
  Gauge,
  type GaugeConfiguration,
  Histogram,
  type HistogramConfiguration,
  register,
} from 'prom-client';

/**
 * Get-or-create on prom-client's default registry: a library may be instantiated more than once
 * in one process (tests, two relays), and prom-client refuses to register a name twice.
 */
function getOrCreate<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

export function counter<L extends string>(config: CounterConfiguration<L>): Counter<L> {
  return getOrCreate(config.name, () => new Counter(config));
}

export function gauge<L extends string>(config: GaugeConfiguration<L>): Gauge<L> {
  return getOrCreate(config.name, () => new Gauge(config));
}

export function histogram<L extends string>(config: HistogramConfiguration<L>): Histogram<L> {
  return getOrCreate(config.name, () => new Histogram(config));
}

export { register as metricsRegistry };
