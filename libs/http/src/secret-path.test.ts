import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { UnauthorizedError } from '@platform/errors';
import { createLogger, secretPathParams } from '@platform/logging';
import { createHttpApp, listen, type Listening } from './index.js';

const lines: Record<string, unknown>[] = [];
const logger = createLogger(
  { app: 'test', environment: 'test', level: 'info' },
  {
    destination: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        callback();
      },
    }),
  },
);

let server: Listening | undefined;
afterEach(async () => {
  await server?.close(100);
  lines.length = 0;
});

describe('a route whose path parameters are secrets', () => {
  it('is logged by its pattern, whether it answers or is refused, and other routes by their URL', async () => {
    const app = createHttpApp({
      logger,
      routes: (router) => {
        router.get('/check/:key', secretPathParams(), (req, res, next) => {
          if (req.headers.authorization !== 'Bearer ok') next(new UnauthorizedError());
          else res.json({ status: true });
        });
        router.get('/items/:id', (_req, res) => {
          res.json({ ok: true });
        });
      },
    });
    server = await listen({ handler: app, port: 0, host: '127.0.0.1' });
    await (await fetch(`${server.url}/check/123456?x=1`, { headers: { authorization: 'Bearer ok' } })).json();
    await (await fetch(`${server.url}/check/654321`)).json();
    await (await fetch(`${server.url}/items/42`)).json();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const requestLines = lines.filter((line) => 'http.route' in line);
    const text = JSON.stringify(requestLines);
    expect(text).not.toContain('123456');
    expect(text).not.toContain('654321');
    expect(requestLines.map((line) => (line['req'] as { url: string }).url)).toEqual([
      '/check/:key',
      '/check/:key',
      '/items/42',
    ]);
    expect(requestLines[1]?.['message']).toMatch(/^GET \/check\/:key 401 in \d+ ms$/);
  });
});
