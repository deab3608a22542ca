import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '@platform/http/testing';
import { captureLogger } from '@platform/logging/testing';
import { startTracing } from '@platform/tracing';
import { createApp } from './app.js';

const logs = captureLogger({ app: 'hello-http', level: 'info' });
let server: TestServer;

beforeAll(async () => {
  startTracing({ serviceName: 'hello-http' });
  server = await startServer(createApp({ logger: logs.logger }));
});
afterAll(() => server.close());

function count(text: string, labels: string): number {
  const series = `http_server_request_duration_seconds_count{${labels}}`;
  const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('counts requests by route pattern, never by the name in the URL', async () => {
    const name = randomUUID();
    expect((await fetch(`${server.url}/hello/${name}`)).status).toBe(200);
    expect((await fetch(`${server.url}/nowhere/${name}`)).status).toBe(404);
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(count(text, 'method="GET",route="/hello/:username",status_code="200"')).toBe(1);
    expect(count(text, 'method="GET",route="unmatched",status_code="404"')).toBe(1);
    expect(text).not.toContain(name);
  });
});

describe('trace context', () => {
  it('puts the caller’s trace id on the request’s log line, and a fresh one for a malformed header', async () => {
    const traceId = '5bf92f3577b34da6a3ce929d0e0e4736';
    await fetch(`${server.url}/hello/traced`, {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    await fetch(`${server.url}/hello/untraced`, { headers: { traceparent: '00-xyz-01' } });
    const traced = logs.find((line) => String(line['message']).startsWith('GET /hello/traced 200'));
    const untraced = logs.find((line) => String(line['message']).startsWith('GET /hello/untraced 200'));
    expect(traced?.['trace.id']).toBe(traceId);
    expect(untraced?.['trace.id']).toMatch(/^[0-9a-f]{32}$/);
    expect(untraced?.['trace.id']).not.toBe(traceId);
  });
});
