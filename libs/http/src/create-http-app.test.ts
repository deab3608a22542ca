import { afterEach, describe, expect, it } from 'vitest';
import { AppError, ConflictError } from '@platform/errors';
import { captureLogger } from '@platform/logging/testing';
import { createHttpApp, Readiness, requireJson } from './index.js';
import { startServer, type TestServer } from './testing.js';

const logs = captureLogger({ level: 'info' });
const { logger } = logs;

let running: TestServer[] = [];
afterEach(async () => {
  await Promise.all(running.map((server) => server.close()));
  running = [];
  logs.clear();
});

async function start(readiness = new Readiness(), compression = false): Promise<string> {
  const app = createHttpApp({
    logger,
    readiness,
    compression,
    bodyLimit: '1kb',
    routes: (router) => {
      router.post('/echo', requireJson(), (req, res) => {
        res.json({ body: req.body as unknown });
      });
      router.get('/conflict', () => {
        throw new ConflictError('name already taken');
      });
      router.get('/boom', async () => {
        throw new Error('password=hunter2 at db.internal:5432');
      });
      router.get('/big', (_req, res) => {
        res.type('text').send('x'.repeat(10_000));
      });
      router.get('/page/:name', (req, res, next) => {
        res.type('text/html');
        if (req.params.name === 'missing') next(new AppError('GONE', 'no such page', { statusCode: 410 }));
        else res.send(`<p>${req.params.name.length}</p>`);
      });
      router.get('/custom', () => {
        throw new AppError('CUSTOM', 'custom failure', { statusCode: 418, details: { hint: 'tea' } });
      });
    },
  });
  const server = await startServer(app);
  running.push(server);
  return server.url;
}

describe('createHttpApp', () => {
  it('answers GET /healthz and sets security headers and a request id', async () => {
    const base = await start();
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('maps catalogue errors to the uniform envelope with the request id', async () => {
    const base = await start();
    const response = await fetch(`${base}/conflict`, { headers: { 'x-request-id': 'req-42' } });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: { code: 'CONFLICT', message: 'name already taken', requestId: 'req-42' },
    });
    const line = logs.find((entry) => entry['request.id'] === 'req-42' && entry['res'] !== undefined);
    expect(line).toMatchObject({ 'http.route': '/conflict', res: { statusCode: 409 } });
    const custom = await fetch(`${base}/custom`);
    expect(custom.status).toBe(418);
    expect(await custom.json()).toMatchObject({ error: { code: 'CUSTOM', hint: 'tea' } });
  });

  it('turns unknown errors into a bare 500 without leaking internals, and logs them', async () => {
    const base = await start();
    const response = await fetch(`${base}/boom`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'INTERNAL', message: 'Internal server error' } });
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('at ');
    expect(logs.entries().some((line) => line['log.level'] === 'error' && line['code'] === 'INTERNAL')).toBe(
      true,
    );
  });

  it('logs and counts a request refused before the routes under the route routeOf names', async () => {
    const app = createHttpApp({
      logger,
      bodyLimit: '1kb',
      routeOf: (method, path) => (method === 'POST' && path === '/echo' ? '/echo' : undefined),
      routes: (router) => {
        router.post('/echo', requireJson(), (req, res) => {
          res.json({ body: req.body as unknown });
        });
      },
    });
    const server = await startServer(app);
    running.push(server);
    const post = (path: string, body: string, id: string) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': id },
        body,
      });
    expect((await post('/echo?x=1', JSON.stringify({ a: 'x'.repeat(2_000) }), 'large')).status).toBe(413);
    expect((await post('/echo', '{"a":', 'malformed')).status).toBe(400);
    expect((await post('/elsewhere', '{"a":', 'unknown')).status).toBe(400);
    const routeOfLine = (id: string) =>
      logs.find((entry) => entry['request.id'] === id && entry['res'] !== undefined)?.['http.route'];
    expect(routeOfLine('large')).toBe('/echo');
    expect(routeOfLine('malformed')).toBe('/echo');
    expect(routeOfLine('unknown')).toBeUndefined();
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(
      /http_server_request_duration_seconds_count\{method="POST",route="\/echo",status_code="413"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /http_server_request_duration_seconds_count\{method="POST",route="\/echo",status_code="400"\} [1-9]/,
    );
  });

  it('answers 404 ROUTE_NOT_FOUND for unknown routes', async () => {
    const base = await start();
    const response = await fetch(`${base}/nowhere`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
  });

  it('parses JSON bodies and refuses bad ones with stable codes', async () => {
    const base = await start();
    const post = (body: string, type = 'application/json') =>
      fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': type }, body });
    expect(await (await post('{"a":1}')).json()).toEqual({ body: { a: 1 } });

    const malformed = await post('{"a":');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'INVALID_JSON' } });

    const large = await post(JSON.stringify({ a: 'x'.repeat(2_000) }));
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });

    const form = await post('a=1', 'application/x-www-form-urlencoded');
    expect(form.status).toBe(415);
    expect(await form.json()).toMatchObject({
      error: { code: 'UNSUPPORTED_MEDIA_TYPE', expected: 'application/json' },
    });
  });

  it('compresses large responses when asked to, and leaves them to the proxy by default', async () => {
    const compressing = await start(new Readiness(), true);
    const response = await fetch(`${compressing}/big`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toHaveLength(10_000);

    const plain = await start();
    const uncompressed = await fetch(`${plain}/big`, { headers: { 'accept-encoding': 'gzip' } });
    expect(uncompressed.headers.get('content-encoding')).toBeNull();
    expect(await uncompressed.text()).toHaveLength(10_000);
  });
});

describe('GET /readyz', () => {
  it('is ready when every check passes, and names the failing one otherwise', async () => {
    let databaseUp = true;
    const readiness = new Readiness({ timeoutMs: 200 })
      .register('database', async () => {
        if (!databaseUp) throw new Error('connection refused');
      })
      .register('cache', () => true);
    const base = await start(readiness);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: 'ok', cache: 'ok' } });

    databaseUp = false;
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    const body = await notReady.json();
    expect(body).toMatchObject({ status: 'not ready', checks: { database: 'down', cache: 'ok' } });
    expect(JSON.stringify(body)).not.toContain('connection refused');
  });

  it('reports a hanging check as a timeout within the bound, and draining as not ready', async () => {
    const readiness = new Readiness({ timeoutMs: 100 }).register('slow', () => new Promise(() => undefined));
    const base = await start(readiness);
    const started = Date.now();
    const response = await fetch(`${base}/readyz`);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await response.json()).toMatchObject({ checks: { slow: 'timeout' } });

    const draining = new Readiness();
    const second = await start(draining);
    expect((await fetch(`${second}/readyz`)).status).toBe(200);
    draining.drain();
    expect((await fetch(`${second}/readyz`)).status).toBe(503);
  });

  it('refuses a malformed percent-escape in a path parameter with 400 VALIDATION_FAILED on the url', async () => {
    const base = await start();
    const response = await fetch(`${base}/page/%E0%A4%A`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: {
        code: 'VALIDATION_FAILED',
        issues: [{ path: 'url', message: 'expected valid percent-encoding' }],
      },
    });
  });

  it('answers errors as JSON even after a route chose another content type', async () => {
    const base = await start();
    const response = await fetch(`${base}/page/missing`);
    expect(response.status).toBe(410);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ error: { code: 'GONE', message: 'no such page' } });
  });
});
