import { Readiness } from '@platform/http';
import { startServer, type TestServer } from '@platform/http/testing';
import { captureLogger } from '@platform/logging/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from './app.js';

const TOKEN = 'rest-token-0123456789';
const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function start(options: { anonymous?: boolean } = {}): Promise<string> {
  const app = createApp({
    logger: captureLogger({ app: 'grpc-backend' }).logger,
    readiness: new Readiness(),
    limits: { maxLength: 1_000, maxNameLength: 64 },
    tokens: options.anonymous ? undefined : [TOKEN],
  });
  const server = await startServer(app);
  servers.push(server);
  return server.url;
}

const auth = { authorization: `Bearer ${TOKEN}` };

describe('GET /api/items (the REST/JSON twin of getAll)', () => {
  it('returns the same items as getAll, as JSON', async () => {
    const base = await start();
    const response = await fetch(`${base}/api/items?length=3`, { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      items: [
        { id: 1, name: 'name 1' },
        { id: 2, name: 'name 2' },
        { id: 3, name: 'name 3' },
      ],
    });
  });

  it('refuses a missing, negative or too large length with VALIDATION_FAILED', async () => {
    const base = await start();
    for (const query of ['', '?length=-1', '?length=1001', '?length=abc', '?length=1&length=2']) {
      const response = await fetch(`${base}/api/items${query}`, { headers: auth });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: { code: 'VALIDATION_FAILED', issues: [{ path: 'length' }] },
      });
    }
  });

  it('requires the bearer token, as the gRPC side', async () => {
    const base = await start();
    const response = await fetch(`${base}/api/items?length=1`, { headers: { authorization: 'Bearer nope' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const open = await start({ anonymous: true });
    expect((await fetch(`${open}/api/items?length=1`)).status).toBe(200);
  });
});
