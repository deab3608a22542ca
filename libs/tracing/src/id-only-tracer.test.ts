import { createTraceState, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { idOnlyTracerProvider } from './id-only-tracer.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';
const tracer = idOnlyTracerProvider().getTracer('test');

function parentContext(traceFlags: number) {
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: TRACE_ID,
    spanId: PARENT,
    traceFlags,
    isRemote: true,
    traceState: createTraceState('vendor=value'),
  });
}

describe('idOnlyTracerProvider', () => {
  it("continues the parent's trace with a new span id, its sampling decision and its tracestate", () => {
    for (const flags of [TraceFlags.SAMPLED, TraceFlags.NONE]) {
      const span = tracer.startSpan('GET', {}, parentContext(flags));
      const ids = span.spanContext();
      expect(ids.traceId).toBe(TRACE_ID);
      expect(ids.spanId).toMatch(/^(?!0{16})[0-9a-f]{16}$/);
      expect(ids.spanId).not.toBe(PARENT);
      expect(ids.traceFlags).toBe(flags);
      expect(ids.traceState?.get('vendor')).toBe('value');
      expect(span.isRecording()).toBe(false);
    }
  });

  it('starts a new sampled trace without a valid parent, a different one each time', () => {
    const invalid = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '0'.repeat(32),
      spanId: PARENT,
      traceFlags: TraceFlags.SAMPLED,
    });
    const ids = [tracer.startSpan('a'), tracer.startSpan('b', {}, invalid)].map((span) => span.spanContext());
    for (const { traceId, spanId, traceFlags } of ids) {
      expect(traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
      expect(spanId).toMatch(/^(?!0{16})[0-9a-f]{16}$/);
      expect(traceFlags).toBe(TraceFlags.SAMPLED);
    }
    expect(ids[0]?.traceId).not.toBe(ids[1]?.traceId);
  });

  it('startActiveSpan hands the span to the function and returns its result', () => {
    const seen = tracer.startActiveSpan('job', {}, parentContext(TraceFlags.SAMPLED), (span) => {
      return span.spanContext().traceId;
    });
    expect(seen).toBe(TRACE_ID);
    expect(tracer.startActiveSpan('job', (span) => span.isRecording())).toBe(false);
  });
});
