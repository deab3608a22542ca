import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, waitFor, type TestServer } from '../testing.js';

let running: TestServer[] = [];
afterEach(async () => {
  await Promise.all(running.map((server) => server.close()));
  running = [];
});

describe('startServer', () => {
  it('serves a node:http handler on 127.0.0.1 and a free port, recording each request', async () => {
    const server = await startServer((req, res) => res.end(`you asked for ${req.url}`));
    running.push(server);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${server.url}/a`)).text()).toBe('you asked for /a');
    await fetch(`${server.url}/b`, { method: 'POST', headers: { 'x-probe': '1' }, body: 'x' });
    expect(server.requests.map((req) => [req.method, req.url])).toEqual([
      ['GET', '/a'],
      ['POST', '/b'],
    ]);
    expect(server.requests[1]?.headers['x-probe']).toBe('1');
  });

  it('serves an express app', async () => {
    const app = express().get('/hello', (_req, res) => void res.json({ hello: 'world' }));
    const server = await startServer(app);
    running.push(server);
    expect(await (await fetch(`${server.url}/hello`)).json()).toEqual({ hello: 'world' });
  });

  it('closes at once, ending a request still in flight, and then refuses connections', async () => {
    const server = await startServer(() => {
      // never answers
    });
    const hanging = fetch(`${server.url}/hang`);
    await waitFor('the request to arrive', () => server.requests.length === 1);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(hanging).rejects.toThrow();
    await expect(fetch(server.url)).rejects.toThrow();
  });
});
