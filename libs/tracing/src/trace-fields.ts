import { isSpanContextValid, trace, type Context } from '@opentelemetry/api';

/** The ECS `trace.id` and `span.id` of the span in `spanContext`, for a log line written outside it. */
export function traceFields(spanContext: Context | undefined): { 'trace.id'?: string; 'span.id'?: string } {
  const span = spanContext && trace.getSpan(spanContext);
  if (!span) return {};
  const ids = span.spanContext();
  return isSpanContextValid(ids) ? { 'trace.id': ids.traceId, 'span.id': ids.spanId } : {};
}
