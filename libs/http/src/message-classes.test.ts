import { IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { Express } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '@platform/logging/testing';
import { createHttpApp } from './create-http-app.js';
import { listen, type Listening } from './listen.js';
import { messageClassesFor } from './message-classes.js';

const logs = captureLogger({ level: 'info' });

let running: Listening[] = [];
afterEach(async () => {
  await Promise.all(running.map((listening) => listening.close(0)));
  running = [];
  logs.clear();
});

/** Serves `app` from the classes messageClassesFor gives it; records each pair's prototypes on arrival. */
async function serve(app: Express) {
  const arrivals: { request: unknown; response: unknown }[] = [];
  const listening = await listen({
    handler: app as unknown as RequestListener,
    port: 0,
    host: '127.0.0.1',
    messageClasses: messageClassesFor(app),
  });
  running.push(listening);
  // Before express sees the request: what the server built it as.
  listening.server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    arrivals.push({ request: Object.getPrototypeOf(req), response: Object.getPrototypeOf(res) });
  });
  return { url: listening.url, arrivals };
}

describe('messageClassesFor', () => {
  it("builds every request and response with the app's own prototypes, so express need not change them", async () => {
    const app = createHttpApp({
      logger: logs.logger,
      trustProxy: 'loopback',
      routes: (router) => {
        router.get('/who/:name', (req, res) => {
          res.json({ name: req.params['name'], ip: req.ip, accepts: req.accepts(['json', 'html']) });
        });
      },
    });
    const { url, arrivals } = await serve(app);

    for (let index = 0; index < 2; index += 1) {
      const response = await fetch(`${url}/who/ada`, {
        headers: { accept: 'application/json', 'x-forwarded-for': '203.0.113.9' },
      });
      expect(response.status).toBe(200);
      // express' request and response methods all work: params, trust proxy, negotiation, res.json.
      expect(await response.json()).toEqual({ name: 'ada', ip: '203.0.113.9', accepts: 'json' });
    }
    expect(arrivals).toHaveLength(2);
    for (const arrival of arrivals) {
      expect(arrival.request).toBe(app.request);
      expect(arrival.response).toBe(app.response);
    }
  });

  it('keeps the request and response node built: instances of node:http classes, bodies and errors intact', async () => {
    const app = createHttpApp({
      logger: logs.logger,
      routes: (router) => {
        router.post('/echo', (req, res) => {
          res.json({ body: req.body as unknown, isRequest: req instanceof IncomingMessage });
        });
      },
    });
    const { url } = await serve(app);

    const echoed = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: [1, 2] }),
    });
    expect(await echoed.json()).toEqual({ body: { a: [1, 2] }, isRequest: true });

    const malformed = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe('INVALID_JSON');
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
  });

  it('gives nothing for a handler that is not an express app', () => {
    expect(messageClassesFor((_req: IncomingMessage, res: ServerResponse) => res.end())).toBeUndefined();
    expect(messageClassesFor(undefined)).toBeUndefined();
    expect(messageClassesFor({ request: {}, response: {} })).toBeUndefined();
  });
});
