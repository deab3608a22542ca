import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readiness } from '@platform/http';
import { startServer, type TestServer } from '@platform/http/testing';
import { createLogger } from '@platform/logging';
import { createApp } from './app.js';

let server: TestServer;
const readiness = new Readiness();

beforeAll(async () => {
  const logger = createLogger({ app: 'hello-koa', environment: 'test', level: 'silent' });
  server = await startServer(createApp({ logger, readiness }).callback());
});
afterAll(() => server.close());

describe('GET /hello/:username', () => {
  it('answers the greeting as text/plain and echoes the request id', async () => {
    const response = await fetch(`${server.url}/hello/Gonzalo`, { headers: { 'x-request-id': 'r-k' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('x-request-id')).toBe('r-k');
    expect(await response.text()).toBe('Hello Gonzalo from koa service');
  });

  it('never reflects the name as HTML, even when the answer could look like HTML', async () => {
    const name = encodeURIComponent('<b>bold</b>');
    const response = await fetch(`${server.url}/hello/${name}`, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(await response.text()).toBe('Hello <b>bold</b> from koa service');
  });

  it('answers HEAD with the headers only', async () => {
    const response = await fetch(`${server.url}/hello/Gonzalo`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it.each([
    ['too long', 'a'.repeat(65)],
    ['a line break', 'a%0Ab'],
  ])('refuses a name that is %s with 400 VALIDATION_FAILED', async (_kind, name) => {
    const response = await fetch(`${server.url}/hello/${name}`, { headers: { 'x-request-id': 'r-400' } });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'The request is not valid',
        requestId: 'r-400',
        issues: [{ path: 'username', message: expect.any(String) }],
      },
    });
  });

  it('refuses other methods with 405 and Allow', async () => {
    const response = await fetch(`${server.url}/hello/Gonzalo`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toMatch(/GET/);
    expect(await response.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
  });

  it('answers unknown paths with the JSON 404 envelope', async () => {
    const response = await fetch(`${server.url}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
  });
});

describe('health routes', () => {
  it('answers /healthz, and /readyz until draining', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    readiness.drain();
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
  });
});
