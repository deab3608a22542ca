import { createRequire } from 'node:module';
import { context, propagation, trace } from '@opentelemetry/api';
import type * as OtlpHttpExporter from '@opentelemetry/exporter-trace-otlp-http';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type * as Resources from '@opentelemetry/resources';
import type * as SdkTraceBase from '@opentelemetry/sdk-trace-base';
import { idOnlyTracerProvider } from './id-only-tracer.js';
import type { TracingSettings } from './tracing-settings.js';

export interface TracingOptions {
  /** The service.name of every span (the app id). */
  serviceName: string;
  /** Where spans go: nowhere (the default; ids still travel and reach the logs) or OTLP over HTTP. */
  exporter?: 'none' | 'otlp';
  /** The OTLP/HTTP collector's base URL; spans are posted to `<endpoint>/v1/traces`. */
  otlpEndpoint?: string | undefined;
  /**
   * No tracing at all (OTEL_SDK_DISABLED=true): no spans, no trace ids in log lines, no
   * `traceparent` passed on, and no per-request async context, which on Node 20 is most of
   * tracing's cost (see the benchmark report).
   */
  disabled?: boolean;
}

export interface Tracing {
  /** Whether spans leave the process (an exporter is configured). */
  readonly exporting: boolean;
  /** Sends the spans still buffered. */
  flush: () => Promise<void>;
  /** Sends the spans still buffered and stops the exporter; call once, as the process ends. */
  shutdown: () => Promise<void>;
}

let started: Tracing | undefined;

/** The tracing options of an app's settings (tracingSettingsShape is in every app's base shape). */
export function tracingOptionsFrom(serviceName: string, settings: TracingSettings): TracingOptions {
  const endpoint = settings.OTEL_EXPORTER_OTLP_ENDPOINT;
  const exporter = settings.OTEL_TRACES_EXPORTER ?? (endpoint ? 'otlp' : 'none');
  return { serviceName, exporter, otlpEndpoint: endpoint, disabled: settings.OTEL_SDK_DISABLED === true };
}

function tracesUrl(endpoint: string | undefined): string | undefined {
  return endpoint === undefined ? undefined : `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * Makes the OpenTelemetry API live in this process, once (later calls return the first result):
 * the AsyncLocalStorage context manager (the active span follows async calls), the W3C
 * trace-context propagator (`traceparent` in and out), and a tracer provider that samples every
 * root span and follows the caller's decision otherwise. Without an exporter spans are only ids
 * (nothing recorded) in log lines and outgoing headers; with `exporter: 'otlp'` they are batched
 * to the collector.
 */
export function startTracing(options: TracingOptions): Tracing {
  if (started) return started;
  const { serviceName, exporter = 'none', otlpEndpoint, disabled = false } = options;
  if (disabled) {
    // The API stays a no-op: spans are non-recording, context.with only calls through.
    started = { exporting: false, flush: async () => undefined, shutdown: async () => undefined };
    return started;
  }
  // Without an exporter a span is only its ids: recording it would cost every request for nothing,
  // and the SDK is not even loaded.
  const provider = exporter === 'otlp' ? exportingProvider(serviceName, otlpEndpoint) : undefined;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider ?? idOnlyTracerProvider());
  started = {
    exporting: provider !== undefined,
    flush: async () => provider?.forceFlush(),
    shutdown: async () => provider?.shutdown(),
  };
  return started;
}

/**
 * The SDK's recording provider, batching spans to the OTLP/HTTP collector. Loaded only when asked
 * for: the SDK, the exporter and its protobuf code are a good part of a start-up otherwise.
 */
function exportingProvider(
  serviceName: string,
  otlpEndpoint: string | undefined,
): SdkTraceBase.BasicTracerProvider {
  const load = createRequire(import.meta.url);
  const { AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler } = load(
    '@opentelemetry/sdk-trace-base',
  ) as typeof SdkTraceBase;
  const { resourceFromAttributes } = load('@opentelemetry/resources') as typeof Resources;
  const { OTLPTraceExporter } = load('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttpExporter;
  const url = tracesUrl(otlpEndpoint);
  return new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter(url ? { url } : {}))],
  });
}
