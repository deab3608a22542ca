import { trace } from '@opentelemetry/api';

const none: Record<string, string> = Object.freeze({}) as Record<string, string>;
const INVALID_TRACE_ID = '00000000000000000000000000000000';

/**
 * pino mixin: the ECS `trace.id` and `span.id` of the span active where the line is written.
 * Costs a context lookup per line; without tracing started (no context manager) the API's
 * no-op finds no span and the line is unchanged.
 */
export function activeTraceFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (span === undefined) return none;
  const ids = span.spanContext();
  if (ids.traceId === INVALID_TRACE_ID) return none;
  return { 'trace.id': ids.traceId, 'span.id': ids.spanId };
}

/**
 * pino's mixinMergeStrategy: the line's own fields over the trace fields, in the mixin's fresh
 * object; without a span the line's object is used as it is (pino would otherwise copy it onto
 * the mixin's object, which must then be new on every line).
 */
export function mergeTraceFields(line: object, fields: object): object {
  return fields === none ? line : Object.assign(fields, line);
}
