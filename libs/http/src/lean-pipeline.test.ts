import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import express from 'express';
import helmet from 'helmet';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '@platform/logging/testing';
import { createHttpApp, securityHeaders, sendJson, stringifyJson } from './index.js';
import { startServer, type TestServer } from './testing.js';

const logs = captureLogger({ level: 'info' });

let running: TestServer[] = [];
afterEach(async () => {
  await Promise.all(running.map((server) => server.close()));
  running = [];
  logs.clear();
});

async function start(): Promise<string> {
  const app = createHttpApp({
    logger: logs.logger,
    bodyLimit: '1kb',
    routes: (router) => {
      router.post('/echo', (req, res) => {
        res.json({ body: req.body as unknown });
      });
      router.get('/big-number', (_req, res) => {
        res.json({ count: 12345678901234567890n });
      });
    },
  });
  const server = await startServer(app);
  running.push(server);
  return server.url;
}

/** A raw request, so the body can be chunked or cut short. */
function send(
  url: string,
  headers: Record<string, string>,
  chunks: (string | Buffer)[],
  options: { destroyAfterChunks?: boolean } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/echo`, { method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    if (options.destroyAfterChunks) setTimeout(() => req.destroy(), 50);
    else req.end();
  });
}

describe('security headers worked out once', () => {
  it('are the headers helmet sets, with the same values', () => {
    const fromHelmet = new Map<string, unknown>();
    helmet()(
      { headers: {} } as never,
      {
        setHeader: (name: string, value: unknown) => fromHelmet.set(name, value),
        removeHeader() {},
      } as never,
      () => undefined,
    );
    const replayed = new Map<string, unknown>();
    securityHeaders()(
      {} as never,
      { setHeader: (name: string, value: unknown) => replayed.set(name, value) } as never,
    );
    expect(replayed.size).toBeGreaterThan(8);
    expect(replayed).toEqual(fromHelmet);
  });

  it('keeps helmet per request when an option is a function (a CSP nonce)', () => {
    let calls = 0;
    const headers = securityHeaders({
      contentSecurityPolicy: { directives: { scriptSrc: [() => `'nonce-${(calls += 1)}'`] } },
    });
    const seen: unknown[] = [];
    const res = {
      setHeader: (name: string, value: unknown) => name === 'Content-Security-Policy' && seen.push(value),
      removeHeader() {},
    };
    headers({} as never, res as never);
    headers({} as never, res as never);
    expect(seen).toEqual([expect.stringContaining("'nonce-1'"), expect.stringContaining("'nonce-2'")]);
  });
});

describe('JSON bodies', () => {
  it('reads a plain JSON body, in one chunk or several', async () => {
    const url = await start();
    const one = await send(url, { 'content-type': 'application/json' }, ['{"a":[1,2,{"b":"ü"}]}']);
    expect(JSON.parse(one.body)).toEqual({ body: { a: [1, 2, { b: 'ü' }] } });
    const several = await send(url, { 'content-type': 'application/json; charset=utf-8' }, [
      '{"a"',
      ':',
      '1}',
    ]);
    expect(JSON.parse(several.body)).toEqual({ body: { a: 1 } });
    const scalar = await send(url, { 'content-type': 'application/json' }, ['"text"']);
    expect(JSON.parse(scalar.body)).toEqual({ body: 'text' });
  });

  it('gives express.json() the bodies it is for: compressed, +json types', async () => {
    const url = await start();
    const gzipped = await send(url, { 'content-type': 'application/json', 'content-encoding': 'gzip' }, [
      gzipSync('{"zipped":true}'),
    ]);
    expect(JSON.parse(gzipped.body)).toEqual({ body: { zipped: true } });
    const problem = await send(url, { 'content-type': 'application/merge-patch+json' }, ['{"p":1}']);
    expect(JSON.parse(problem.body)).toEqual({ body: { p: 1 } });
  });

  it('refuses invalid JSON with INVALID_JSON and a chunked body over the limit with 413', async () => {
    const url = await start();
    const invalid = await send(url, { 'content-type': 'application/json' }, ['{"a":']);
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body)).toMatchObject({ error: { code: 'INVALID_JSON' } });
    const big = await send(url, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, [
      `{"a":"${'x'.repeat(600)}`,
      `${'x'.repeat(600)}"}`,
    ]);
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE', limit: '1024 bytes' } });
    expect(big.headers['connection']).toBe('close');
  });

  it('answers nothing and logs an aborted request when the client drops mid-body', async () => {
    const url = await start();
    await expect(
      send(url, { 'content-type': 'application/json', 'content-length': '100' }, ['{"a":'], {
        destroyAfterChunks: true,
      }),
    ).rejects.toThrow();
    await expect
      .poll(() => logs.entries().find((entry) => String(entry['message']).includes('aborted')))
      .toBeDefined();
  });
});

describe('answers', () => {
  it('writes bigint as a string, without a replacer on every answer', async () => {
    const url = await start();
    const response = await fetch(`${url}/big-number`);
    expect(await response.text()).toBe('{"count":"12345678901234567890"}');
    expect(stringifyJson({ a: 1n, b: [2n] })).toBe('{"a":"1","b":["2"]}');
    expect(stringifyJson(undefined)).toBe('null');
  });

  it('sends JSON in one write with its length, and no ETag', async () => {
    const app = express();
    app.get('/', (_req, res) => sendJson(res, 201, { ok: true }));
    const server = await startServer(app);
    running.push(server);
    const response = await fetch(server.url);
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-length')).toBe('11');
    const url = await start();
    const echoed = await fetch(`${url}/echo`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(echoed.headers.get('etag')).toBeNull();
  });
});
