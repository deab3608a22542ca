import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readiness } from '@platform/http';
import { startServer, type TestServer } from '@platform/http/testing';
import { createLogger } from '@platform/logging';
import { createApp } from './app.js';

let server: TestServer;
const readiness = new Readiness();

beforeAll(async () => {
  const logger = createLogger({ app: 'hello-http', environment: 'test', level: 'silent' });
  server = await startServer(createApp({ logger, readiness }));
});
afterAll(() => server.close());

describe('GET /hello/:username', () => {
  it('answers the greeting as text/plain and echoes the request id', async () => {
    const response = await fetch(`${server.url}/hello/Gonzalo?x=1`, { headers: { 'x-request-id': 'r-9' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('x-request-id')).toBe('r-9');
    expect(await response.text()).toBe('Hello Gonzalo from node:http service');
  });

  it('never reflects the name as HTML, even to a browser asking for HTML', async () => {
    const name = encodeURIComponent('<img src=x onerror=alert(1)>');
    const response = await fetch(`${server.url}/hello/${name}`, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(await response.text()).toBe('Hello <img src=x onerror=alert(1)> from node:http service');
  });

  it('answers HEAD with the headers only', async () => {
    const response = await fetch(`${server.url}/hello/Gonzalo`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(
      String('Hello Gonzalo from node:http service'.length),
    );
    expect(await response.text()).toBe('');
  });

  it.each([
    ['too long', 'a'.repeat(65), 'username'],
    ['a line break', 'a%0Db', 'username'],
    ['a malformed escape', '%E0%A4%A', 'url'],
  ])('refuses a name that is %s with 400 VALIDATION_FAILED', async (_kind, name, path) => {
    const response = await fetch(`${server.url}/hello/${name}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', issues: [{ path }] } });
  });

  it('refuses other methods with 405 and Allow', async () => {
    const response = await fetch(`${server.url}/hello/Gonzalo`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(await response.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
  });

  it('answers unknown paths with the JSON 404 envelope carrying the request id', async () => {
    const response = await fetch(`${server.url}/hello/a/b`, { headers: { 'x-request-id': 'r-404' } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND', requestId: 'r-404' } });
  });
});

describe('health routes', () => {
  it('answers /healthz, and /readyz until draining', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    readiness.drain();
    const draining = await fetch(`${server.url}/readyz`);
    expect(draining.status).toBe(503);
    expect(await draining.json()).toMatchObject({ status: 'not ready', draining: true });
  });
});
