import { collectRuntimeMetrics, configureMetricsEndpoint } from '@platform/metrics';
import { startTracing, tracingOptionsFrom, type Tracing, type TracingSettings } from '@platform/tracing';

interface ObservabilitySettings extends TracingSettings {
  readonly METRICS_TOKEN?: string | undefined;
}

/**
 * Once per process, before anything is served: tracing (context manager, W3C propagator,
 * tracer provider, an exporter only when OTEL_* asks), runtime metrics and the /metrics guard.
 */
export function startObservability(app: string, settings: ObservabilitySettings): Tracing {
  configureMetricsEndpoint({ token: settings.METRICS_TOKEN });
  collectRuntimeMetrics();
  return startTracing(tracingOptionsFrom(app, settings));
}
