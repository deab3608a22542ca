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
import { randomFillSync } from 'node:crypto';

type SpanFunction<F> = (span: Span) => F;

/** Random bytes drawn 4 KiB at a time: one call into the system's generator per 170 spans or so. */
const randomPool = Buffer.allocUnsafe(4_096);
let randomOffset = randomPool.length;
const allZero = { 8: '0'.repeat(16), 16: '0'.repeat(32) } as const;

/**
 * A random id of 8 bytes (span) or 16 (trace), in hex, never all zeros (an invalid id in W3C
 * trace context). Made here rather than by the SDK's generator, so a process that exports no
 * span does not load the SDK at start-up.
 */
function randomId(bytes: 8 | 16): string {
  for (;;) {
    if (randomOffset + bytes > randomPool.length) {
      randomFillSync(randomPool);
      randomOffset = 0;
    }
    const id = randomPool.toString('hex', randomOffset, randomOffset + bytes);
    randomOffset += bytes;
    if (id !== allZero[bytes]) return id;
  }
}

/**
 * The tracer of a process that exports no span: every span is only its ids (a child of the
 * parent's trace with a span id of its own, or a new sampled trace), so `trace.id`, `span.id` and
 * an outgoing `traceparent` are what they would be with an exporter, while nothing is recorded.
 * The SDK's recording spans (clock readings, attributes, a processor call at the end) are kept
 * for when spans leave the process.
 */
class IdOnlyTracer implements Tracer {
  startSpan(_name: string, _options?: SpanOptions, parentContext: Context = context.active()): Span {
    const parent = trace.getSpanContext(parentContext);
    if (parent !== undefined && isSpanContextValid(parent)) {
      return trace.wrapSpanContext({
        traceId: parent.traceId,
        spanId: randomId(8),
        traceFlags: parent.traceFlags,
        ...(parent.traceState === undefined ? {} : { traceState: parent.traceState }),
      });
    }
    return trace.wrapSpanContext({
      traceId: randomId(16),
      spanId: randomId(8),
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
