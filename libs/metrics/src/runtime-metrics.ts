import client from 'prom-client';
import { registry } from './metric.js';

/**
 * prom-client's default metrics (process CPU and memory, event-loop lag, GC, handles), once
 * per process whoever calls it first; the HTTP app factory and the service start-up call it.
 */
export function collectRuntimeMetrics(): void {
  if (registry.getSingleMetric('process_cpu_user_seconds_total')) return;
  client.collectDefaultMetrics({ register: registry });
}
