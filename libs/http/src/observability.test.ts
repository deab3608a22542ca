import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger } from '@platform/logging/testing';
import { configureMetricsEndpoint } from '@platform/metrics';
import { startTracing } from '@platform/tracing';
import { createHttpApp } from './index.js';
import { startServer, type TestServer } from './testing.js';

const logs = captureLogger({ level: 'info' });
let running: TestServer[] = [];

beforeAll(() => {
  startTracing({ serviceName: 'http-test' });
});
afterEach(async () => {
  await Promise.all(running.map((server) => server.close()));
  running = [];
  logs.clear();
  configureMetricsEndpoint({});
});

async function start(): Promise<string> {
  const app = createHttpApp({
    logger: logs.logger,
    routes: (router) => {
      router.get('/users/:id', (req, res) => {
        logs.logger.info({ user: req.params.id.length }, 'handler line');
        res.json({ ok: true });
      });
      router.get('/slow-fail', async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new Error('broken');
      });
    },
  });
  const server = await startServer(app);
  running.push(server);
  return server.url;
}

async function scrape(base: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${base}/metrics`, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

function countOf(text: string, labels: string): number {
  const line = text
    .split('\n')
    .find((entry) => entry.startsWith(`http_server_request_duration_seconds_count{${labels}}`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';

describe('GET /metrics', () => {
  it('counts requests by method, route pattern and status, never by the URL', async () => {
    const base = await start();
    const before = countOf(await scrape(base), 'method="GET",route="/users/:id",status_code="200"');
    const user = randomUUID();
    expect((await fetch(`${base}/users/${user}`)).status).toBe(200);
    expect((await fetch(`${base}/users/${randomUUID()}`)).status).toBe(200);
    expect((await fetch(`${base}/nothing/${user}`)).status).toBe(404);
    expect((await fetch(`${base}/slow-fail`)).status).toBe(500);
    expect((await fetch(`${base}/users/1`, { method: 'PROPFIND' })).status).toBe(404);
    const text = await scrape(base);
    expect(countOf(text, 'method="GET",route="/users/:id",status_code="200"')).toBe(before + 2);
    expect(countOf(text, 'method="GET",route="unmatched",status_code="404"')).toBeGreaterThanOrEqual(1);
    expect(countOf(text, 'method="GET",route="/slow-fail",status_code="500"')).toBeGreaterThanOrEqual(1);
    expect(countOf(text, 'method="other",route="unmatched",status_code="404"')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(
      /^http_server_request_duration_seconds_bucket\{method="GET",route="\/users\/:id",status_code="200",le="0\.005"\} \d+$/m,
    );
    expect(text).toMatch(/^http_server_requests_in_flight 1$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(text).not.toContain(user);
    expect(text).not.toContain('PROPFIND');
  });

  it('answers 404 to a request that came through a proxy, unless a token is set', async () => {
    const base = await start();
    for (const headers of [{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9' }]) {
      const refused = await fetch(`${base}/metrics`, { headers });
      expect(refused.status).toBe(404);
      expect(await refused.json()).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
    }
    configureMetricsEndpoint({ token: 'metrics-token-0123456789' });
    await scrape(base, {
      'x-forwarded-for': '203.0.113.9',
      authorization: 'Bearer metrics-token-0123456789',
    });
  });

  it('wants the bearer token when METRICS_TOKEN is set', async () => {
    const base = await start();
    configureMetricsEndpoint({ token: 'metrics-token-0123456789' });
    const refused = await fetch(`${base}/metrics`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    await scrape(base, { authorization: 'Bearer metrics-token-0123456789' });
  });
});

describe('trace context', () => {
  it('continues the caller’s trace: the request’s log lines carry its trace.id', async () => {
    const base = await start();
    const response = await fetch(`${base}/users/7`, {
      headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` },
    });
    expect(response.status).toBe(200);
    const handlerLine = logs.find((entry) => entry['message'] === 'handler line');
    const requestLine = logs.find((entry) => String(entry['message']).startsWith('GET /users/7 200'));
    expect(handlerLine).toMatchObject({
      'trace.id': TRACE_ID,
      'span.id': expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(handlerLine?.['span.id']).not.toBe(PARENT_ID);
    expect(requestLine).toMatchObject({ 'trace.id': TRACE_ID, 'span.id': handlerLine?.['span.id'] });
  });

  it('starts a new trace for a missing or malformed traceparent, never an error', async () => {
    const base = await start();
    const seen = new Set<unknown>();
    for (const traceparent of [
      undefined,
      'garbage',
      `00-${'0'.repeat(32)}-${PARENT_ID}-01`,
      `zz-${TRACE_ID}-${PARENT_ID}-01`,
    ]) {
      logs.clear();
      const response = await fetch(`${base}/users/7`, traceparent ? { headers: { traceparent } } : {});
      expect(response.status).toBe(200);
      const line = logs.find((entry) => entry['message'] === 'handler line');
      expect(line?.['trace.id']).toMatch(/^[0-9a-f]{32}$/);
      expect(line?.['trace.id']).not.toBe(TRACE_ID);
      seen.add(line?.['trace.id']);
    }
    expect(seen.size).toBe(4);
  });
});
