import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '@platform/http/testing';
import { createLogger } from '@platform/logging';
import { createApp } from './app.js';

let server: TestServer;

beforeAll(async () => {
  const logger = createLogger({ app: 'hello-express', environment: 'test', level: 'silent' });
  server = await startServer(createApp({ logger }));
});
afterAll(() => server.close());

describe('GET /hello/:username', () => {
  it('answers the greeting as text/plain', async () => {
    const response = await fetch(`${server.url}/hello/Gonzalo`, { headers: { 'x-request-id': 'r-1' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('x-request-id')).toBe('r-1');
    expect(await response.text()).toBe('Hello Gonzalo from express service');
  });

  it('never reflects the name as HTML, even to a browser asking for HTML', async () => {
    const name = encodeURIComponent('<script>alert(1)</script>');
    const response = await fetch(`${server.url}/hello/${name}`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(await response.text()).toBe('Hello <script>alert(1)</script> from express service');
  });

  it('keeps non-ASCII names intact', async () => {
    const response = await fetch(`${server.url}/hello/${encodeURIComponent('José Ñandú')}`);
    expect(await response.text()).toBe('Hello José Ñandú from express service');
  });

  it.each([
    ['too long', 'a'.repeat(65)],
    ['a line break', 'a%0Ab'],
  ])('refuses a name that is %s with 400 VALIDATION_FAILED', async (_kind, name) => {
    const response = await fetch(`${server.url}/hello/${name}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', issues: [{ path: 'username' }] },
    });
  });

  it('refuses a malformed percent-escape with 400, not a server error', async () => {
    const response = await fetch(`${server.url}/hello/%E0%A4%A`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', issues: [{ path: 'url' }] },
    });
  });

  it('answers other paths with the JSON 404 envelope', async () => {
    const response = await fetch(`${server.url}/hello`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
  });

  it('serves the platform health routes', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});
