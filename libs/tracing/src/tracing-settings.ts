/**
 * The OpenTelemetry slice of an app's settings (the standard OTEL_* names, parsed by
 * @platform/settings' base shape). Tracing runs in every process; these only decide whether
 * spans leave it.
 */
export interface TracingSettings {
  /** `otlp` exports spans; `none` keeps them in-process. Unset: `otlp` when an endpoint is set. */
  readonly OTEL_TRACES_EXPORTER?: 'none' | 'otlp' | undefined;
  /** The OTLP/HTTP collector's base URL, such as http://otel-collector:4318. */
  readonly OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  /** true: no tracing at all (no spans, no trace ids in logs, no per-request async context). */
  readonly OTEL_SDK_DISABLED?: boolean | undefined;
}
