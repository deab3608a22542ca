import { context, propagation, trace } from '@opentelemetry/api';
import { beforeAll, describe, expect, it } from 'vitest';
import { metadataGetter, metadataSetter, type MetadataLike } from './metadata-carrier.js';
import { endHttpServerSpan, startHttpServerSpan, startRpcServerSpan } from './server-span.js';
import { startTracing } from './start-tracing.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

beforeAll(() => {
  startTracing({ serviceName: 'tracing-test' });
});

function idsOf(spanContext: ReturnType<typeof startHttpServerSpan>): { traceId: string; spanId: string } {
  const span = trace.getSpan(spanContext);
  if (!span) throw new Error('no span');
  return span.spanContext();
}

class FakeMetadata implements MetadataLike {
  readonly map: Record<string, string[]> = {};
  get(key: string): string[] {
    return this.map[key] ?? [];
  }
  set(key: string, value: string): void {
    this.map[key] = [value];
  }
  getMap(): Record<string, unknown> {
    return this.map;
  }
}

describe('startTracing', () => {
  it('is done once per process: a second call returns the first result', () => {
    expect(startTracing({ serviceName: 'other' })).toBe(startTracing({ serviceName: 'again' }));
  });
});

describe('startHttpServerSpan', () => {
  it('continues a valid traceparent with a new span of the same trace', () => {
    const spanContext = startHttpServerSpan('GET', { traceparent: `00-${TRACE_ID}-${PARENT}-01` });
    const ids = idsOf(spanContext);
    expect(ids.traceId).toBe(TRACE_ID);
    expect(ids.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(ids.spanId).not.toBe(PARENT);
    endHttpServerSpan(spanContext, 'GET', '/users/:id', 200);
  });

  it('starts a new trace when traceparent is missing or malformed', () => {
    const headers = [
      {},
      { traceparent: 'nonsense' },
      { traceparent: `00-${'0'.repeat(32)}-${PARENT}-01` },
      { traceparent: `00-${TRACE_ID}-${'0'.repeat(16)}-01` },
      { traceparent: `ff-${TRACE_ID}-${PARENT}-01` },
      { traceparent: `00-${TRACE_ID.toUpperCase()}-${PARENT}-01` },
    ];
    const traces = headers.map((h) => idsOf(startHttpServerSpan('GET', h)).traceId);
    for (const traceId of traces) expect(traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
    expect(traces).not.toContain(TRACE_ID);
    expect(new Set(traces).size).toBe(headers.length);
  });
});

describe('gRPC metadata propagation', () => {
  it('injects the active span into metadata and a server extracts the same trace', () => {
    const client = startHttpServerSpan('GET', { traceparent: `00-${TRACE_ID}-${PARENT}-01` });
    const metadata = new FakeMetadata();
    context.with(client, () => propagation.inject(context.active(), metadata, metadataSetter));
    expect(metadata.get('traceparent')[0]).toMatch(new RegExp(`^00-${TRACE_ID}-${idsOf(client).spanId}-01$`));
    const server = startRpcServerSpan('/api.Api/sayHello', metadata, metadataGetter);
    expect(idsOf(server).traceId).toBe(TRACE_ID);
  });

  it('ignores a non-string metadata value', () => {
    const metadata = new FakeMetadata();
    (metadata.map as Record<string, unknown>)['traceparent'] = [Buffer.from(`00-${TRACE_ID}-${PARENT}-01`)];
    expect(idsOf(startRpcServerSpan('/x/y', metadata, metadataGetter)).traceId).not.toBe(TRACE_ID);
  });
});
