import client, { type Counter, type Gauge, type Histogram } from 'prom-client';

/** The service clients' metrics, in prom-client's default registry; labels are service names and error codes. */
export interface ServiceMetrics {
  /** outcome: `ok`, or the error's code (`SERVICE_TIMEOUT`, `DEADLINE_EXCEEDED`…). */
  calls: Counter<'service' | 'outcome'>;
  duration: Histogram<'service' | 'outcome'>;
  retries: Counter<'service'>;
  /** 0 closed, 1 half-open, 2 open. */
  breakerState: Gauge<'service'>;
  bulkheadRejected: Counter<'service'>;
  hedges: Counter<'service'>;
}

let metrics: ServiceMetrics | undefined;

function existing<T>(name: string): T | undefined {
  return client.register.getSingleMetric(name) as T | undefined;
}

/** Created once per process; a module loaded twice (tests) finds them in the registry. */
export function serviceMetrics(): ServiceMetrics {
  metrics ??= {
    calls:
      existing<Counter<'service' | 'outcome'>>('service_client_calls_total') ??
      new client.Counter({
        name: 'service_client_calls_total',
        help: 'Calls made through the service container, by service and outcome (ok or error code)',
        labelNames: ['service', 'outcome'],
      }),
    duration:
      existing<Histogram<'service' | 'outcome'>>('service_client_call_duration_seconds') ??
      new client.Histogram({
        name: 'service_client_call_duration_seconds',
        help: 'Duration of whole calls (queue, attempts, retries and backoff included), by service and outcome',
        labelNames: ['service', 'outcome'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      }),
    retries:
      existing<Counter<'service'>>('service_client_retries_total') ??
      new client.Counter({
        name: 'service_client_retries_total',
        help: 'Retries started (each one allowed by the retry budget)',
        labelNames: ['service'],
      }),
    breakerState:
      existing<Gauge<'service'>>('service_client_breaker_state') ??
      new client.Gauge({
        name: 'service_client_breaker_state',
        help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open',
        labelNames: ['service'],
      }),
    bulkheadRejected:
      existing<Counter<'service'>>('service_client_bulkhead_rejected_total') ??
      new client.Counter({
        name: 'service_client_bulkhead_rejected_total',
        help: 'Calls refused by the bulkhead (queue full or queue wait over) without reaching the service',
        labelNames: ['service'],
      }),
    hedges:
      existing<Counter<'service'>>('service_client_hedges_total') ??
      new client.Counter({
        name: 'service_client_hedges_total',
        help: 'Hedged attempts sent (a second attempt of an idempotent call that was slow to answer)',
        labelNames: ['service'],
      }),
  };
  return metrics;
}
