import path from 'node:path';
import { ApiClient } from '@platform/api-client';
import { startAppProcess, type AppProcess } from '@platform/http/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TOKEN = 'frontend:observability-token-0123456789';
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT_ID = 'b7ad6b7169203331';

let backend: AppProcess;
let frontend: AppProcess;

beforeAll(async () => {
  const env = { PATH: process.env['PATH'] ?? '', ENVIRONMENT: 'test', LOG_LEVEL: 'info' };
  backend = await startAppProcess(path.join(import.meta.dirname, '..'), {
    ...env,
    BACKEND_PORT: '0',
    BEARER: TOKEN,
  });
  const grpc = new URL(backend.urls.find((url) => url.startsWith('grpc://')) ?? '');
  frontend = await startAppProcess(path.join(import.meta.dirname, '../../grpc-frontend'), {
    ...env,
    BACKEND_HOST: grpc.hostname,
    BACKEND_PORT: grpc.port,
    BACKEND_TOKEN: 'observability-token-0123456789',
  });
}, 120_000);

afterAll(async () => {
  await Promise.all([frontend?.stop(), backend?.stop()]);
});

type Line = Record<string, unknown>;

function linesOf(app: AppProcess): Line[] {
  return app
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Line);
}

async function eventually<T>(read: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for a log line');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function sample(text: string, prefix: string): number | undefined {
  const line = text.split('\n').find((entry) => entry.startsWith(prefix));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('one trace across HTTP and gRPC', () => {
  it('the page request and the backend calls it makes share the caller’s trace.id in both processes’ logs', async () => {
    const response = await fetch(`${frontend.url}/?name=trace`, {
      headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` },
    });
    expect(response.status).toBe(200);
    const page = await eventually(() =>
      linesOf(frontend).find((line) => String(line['message']).startsWith('GET /?name=trace 200')),
    );
    expect(page['trace.id']).toBe(TRACE_ID);
    const calls = await eventually(() => {
      const found = linesOf(backend).filter((line) => line['trace.id'] === TRACE_ID && line['rpc.method']);
      return found.length >= 3 ? found : undefined;
    });
    expect(calls.map((line) => line['rpc.method']).sort()).toEqual([
      '/api.Api/getAll',
      '/api.Api/getStream',
      '/api.Api/sayHello',
    ]);
    // Each call is its own span, a child in the same trace.
    expect(new Set(calls.map((line) => line['span.id'])).size).toBe(3);
    expect(calls.map((line) => line['span.id'])).not.toContain(page['span.id']);
  });

  it('a malformed traceparent is ignored: 200 and a fresh trace, shared with the backend', async () => {
    const response = await fetch(`${frontend.url}/?name=fresh`, {
      headers: { traceparent: '00-not-a-trace-01' },
    });
    expect(response.status).toBe(200);
    const page = await eventually(() =>
      linesOf(frontend).find((line) => String(line['message']).startsWith('GET /?name=fresh 200')),
    );
    const traceId = page['trace.id'];
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe(TRACE_ID);
    await eventually(() =>
      linesOf(backend).find((line) => line['trace.id'] === traceId && line['rpc.method']),
    );
  });
});

describe('grpc-backend GET /metrics', () => {
  it('counts calls by method, type and code, stream messages, and the HTTP side', async () => {
    await fetch(`${frontend.url}/?name=metrics`);
    const text = await (await fetch(`${backend.url}/metrics`)).text();
    const unary = 'grpc_service="api.Api",grpc_method="sayHello",grpc_type="unary",grpc_code="OK"';
    expect(sample(text, `grpc_server_handled_total{${unary}}`)).toBeGreaterThanOrEqual(3);
    expect(sample(text, `grpc_server_handling_seconds_count{${unary}}`)).toBeGreaterThanOrEqual(3);
    const stream = 'grpc_service="api.Api",grpc_method="getStream",grpc_type="server_stream",grpc_code="OK"';
    expect(sample(text, `grpc_server_handled_total{${stream}}`)).toBeGreaterThanOrEqual(3);
    // The page streams 5 items, one message each.
    expect(
      sample(text, 'grpc_server_msg_sent_total{grpc_service="api.Api",grpc_method="getStream"}'),
    ).toBeGreaterThanOrEqual(15);
    expect(text).toMatch(/^process_resident_memory_bytes \d/m);

    const front = await (await fetch(`${frontend.url}/metrics`)).text();
    expect(
      sample(front, 'http_server_request_duration_seconds_count{method="GET",route="/",status_code="200"}'),
    ).toBeGreaterThanOrEqual(3);
  });

  it('counts a refused call (no token) as UNAUTHENTICATED', async () => {
    const grpc = backend.urls.find((url) => url.startsWith('grpc://')) ?? '';
    const client = new ApiClient({ target: grpc.slice('grpc://'.length) });
    await expect(client.sayHello('anonymous')).rejects.toMatchObject({ code: 'API_UNAUTHENTICATED' });
    client.close();
    const text = await (await fetch(`${backend.url}/metrics`)).text();
    expect(
      sample(
        text,
        'grpc_server_handled_total{grpc_service="api.Api",grpc_method="sayHello",grpc_type="unary",grpc_code="UNAUTHENTICATED"}',
      ),
    ).toBeGreaterThanOrEqual(1);
  });
});
