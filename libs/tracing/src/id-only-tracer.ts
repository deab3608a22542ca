import {
  context,
  isSpanContextValid,
  trace,
  TraceFlags,
  type Context,
  type Span,
  type SpanOptions,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { RandomIdGenerator } from '@opentelemetry/sdk-trace-base';

type SpanFunction<F> = (span: Span) => F;

/**
 * The tracer of a process that exports no span: every span is only its ids (a child of the
 * parent's trace with a span id of its own, or a new sampled trace), so `trace.id`, `span.id` and
 * an outgoing `traceparent` are what they would be with an exporter, while nothing is recorded.
 * The SDK's recording spans (clock readings, attributes, a processor call at the end) are kept
 * for when spans leave the process.
 */
class IdOnlyTracer implements Tracer {
  readonly #ids = new RandomIdGenerator();

  startSpan(_name: string, _options?: SpanOptions, parentContext: Context = context.active()): Span {
    const parent = trace.getSpanContext(parentContext);
    if (parent !== undefined && isSpanContextValid(parent)) {
      return trace.wrapSpanContext({
        traceId: parent.traceId,
        spanId: this.#ids.generateSpanId(),
        traceFlags: parent.traceFlags,
        ...(parent.traceState === undefined ? {} : { traceState: parent.traceState }),
      });
    }
    return trace.wrapSpanContext({
      traceId: this.#ids.generateTraceId(),
      spanId: this.#ids.generateSpanId(),
      traceFlags: TraceFlags.SAMPLED,
    });
  }

  startActiveSpan<F extends SpanFunction<unknown>>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends SpanFunction<unknown>>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends SpanFunction<unknown>>(
    name: string,
    options: SpanOptions,
    parentContext: Context,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends SpanFunction<unknown>>(
    name: string,
    ...rest: [F] | [SpanOptions, F] | [SpanOptions, Context, F]
  ): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = rest.length > 1 ? (rest[0] as SpanOptions) : undefined;
    const parentContext = rest.length > 2 ? (rest[1] as Context) : context.active();
    const span = this.startSpan(name, options, parentContext);
    return context.with(trace.setSpan(parentContext, span), () => fn(span) as ReturnType<F>);
  }
}

/** The provider of IdOnlyTracer: one tracer whatever the name. */
export function idOnlyTracerProvider(): TracerProvider {
  const tracer = new IdOnlyTracer();
  return { getTracer: () => tracer };
}
