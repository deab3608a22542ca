import type { IncomingHttpHeaders } from 'node:http';
import {
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';

const TRACER = '@platform/tracing';

const headerGetter: TextMapGetter<IncomingHttpHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

/**
 * Starts the server span of an incoming HTTP request, a child of the caller's span when its
 * `traceparent` is valid W3C trace context, else the root of a new trace (a malformed header is
 * ignored, never an error). Returns the context to run the handler in; end it with endServerSpan.
 */
export function startHttpServerSpan(method: string | undefined, headers: IncomingHttpHeaders): Context {
  // Without a traceparent there is nothing to extract: skip the propagator.
  const parent =
    headers.traceparent === undefined
      ? ROOT_CONTEXT
      : propagation.extract(ROOT_CONTEXT, headers, headerGetter);
  const span = trace
    .getTracer(TRACER)
    .startSpan(
      method ?? 'HTTP',
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
      parent,
    );
  return trace.setSpan(parent, span);
}

/**
 * Ends the server span of `spanContext` with the request's route pattern (its name becomes
 * `GET /users/:id`, never the URL) and status; 5xx and 0 (never answered) mark it as an error.
 */
export function endHttpServerSpan(
  spanContext: Context,
  method: string | undefined,
  route: string | undefined,
  status: number,
): void {
  const span = trace.getSpan(spanContext);
  if (!span) return;
  if (route !== undefined) {
    span.setAttribute('http.route', route);
    span.updateName(`${method ?? 'HTTP'} ${route}`);
  }
  span.setAttribute('http.response.status_code', status);
  if (status >= 500 || status === 0) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/** Starts a server span for an incoming RPC whose trace context came in `carrier` (see metadataGetter). */
export function startRpcServerSpan<Carrier>(
  name: string,
  carrier: Carrier,
  getter: TextMapGetter<Carrier>,
): Context {
  const parent = propagation.extract(ROOT_CONTEXT, carrier, getter);
  const span = trace.getTracer(TRACER).startSpan(name, { kind: SpanKind.SERVER }, parent);
  return trace.setSpan(parent, span);
}

/** Ends an RPC server span; a non-zero gRPC status marks it as an error. */
export function endRpcServerSpan(spanContext: Context, grpcCode: number): void {
  const span: Span | undefined = trace.getSpan(spanContext);
  if (!span) return;
  span.setAttribute('rpc.grpc.status_code', grpcCode);
  if (grpcCode !== 0) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
