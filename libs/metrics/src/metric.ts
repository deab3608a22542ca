import client, {
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';

/** prom-client's default registry: every metric of the process lands here and GET /metrics shows it. */
export const registry = client.register;

/**
 * A counter, created once per process by name; a second call (a test importing a module again)
 * gets the first one back instead of prom-client's "already registered" error.
 */
export function counter<Label extends string>(config: CounterConfiguration<Label>): client.Counter<Label> {
  return (
    (registry.getSingleMetric(config.name) as client.Counter<Label> | undefined) ?? new client.Counter(config)
  );
}

/** A gauge, created once per process by name (see counter). */
export function gauge<Label extends string>(config: GaugeConfiguration<Label>): client.Gauge<Label> {
  return (
    (registry.getSingleMetric(config.name) as client.Gauge<Label> | undefined) ?? new client.Gauge(config)
  );
}

/** A histogram, created once per process by name (see counter). */
export function histogram<Label extends string>(
  config: HistogramConfiguration<Label>,
): client.Histogram<Label> {
  return (
    (registry.getSingleMetric(config.name) as client.Histogram<Label> | undefined) ??
    new client.Histogram(config)
  );
}

export type { Counter, Gauge, Histogram } from 'prom-client';
