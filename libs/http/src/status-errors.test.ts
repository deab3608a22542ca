import { connect } from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@platform/logging';
import { createHttpApp, forwardedForIps, listen, toAppError, type Listening } from './index.js';

const logged: Record<string, unknown>[] = [];
const logger = createLogger(
  { app: 'test', environment: 'test', level: 'info' },
  {
    destination: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logged.push(JSON.parse(line));
        callback();
      },
    }),
  },
);

let running: Listening[] = [];
afterEach(async () => {
  await Promise.all(running.map((server) => server.close(100)));
  running = [];
  logged.length = 0;
});

const here = import.meta.dirname;

async function start(trustProxy: string | boolean = false): Promise<string> {
  const app = createHttpApp({
    logger,
    bodyLimit: '1kb',
    trustProxy,
    routes: (router) => {
      router.post('/echo', (req, res) => {
        res.json({ body: req.body as unknown });
      });
      router.get('/ip', (req, res) => {
        res.json({ ip: req.ip });
      });
      router.get('/file', (_req, res, next) => {
        res.sendFile(path.join(here, 'index.ts'), (error) => {
          if (error) next(error);
        });
      });
      router.use('/static', express.static(here, { index: false }));
    },
  });
  const server = await listen({ handler: app, port: 0, host: '127.0.0.1' });
  running.push(server);
  return server.url;
}

/** Sends raw bytes and resolves with the answer's status line and how long it took. */
function raw(url: string, request: string): Promise<{ head: string; ms: number }> {
  const { port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      data += chunk;
    });
    socket.on('close', () => resolve({ head: data.split('\r\n')[0] ?? '', ms: Date.now() - started }));
    socket.on('error', reject);
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer in 5 s')));
  });
}

const errorLines = (): Record<string, unknown>[] => logged.filter((line) => line['log.level'] === 'error');

describe('errors that carry an HTTP status', () => {
  const bodies: [string, Buffer][] = [
    ['gzip', Buffer.from('garbage')],
    ['gzip', gzipSync('{"a":1}').subarray(0, 10)],
    ['gzip', Buffer.concat([gzipSync('{"a":1}'), Buffer.from('trailing')])],
    ['deflate', Buffer.from('garbage')],
    ['br', Buffer.from('garbage')],
    ['br', brotliCompressSync('{"a":1}').subarray(0, 3)],
  ];

  it.each(bodies)(
    'answers 400 BAD_REQUEST to a %s body that does not decompress, on any path',
    async (encoding, body) => {
      const url = await start();
      for (const target of ['/echo', '/healthz', '/nowhere']) {
        const response = await fetch(`${url}${target}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': encoding },
          body,
        });
        expect(response.status).toBe(400);
        const answer = (await response.json()) as { error: { code: string; message: string } };
        expect(answer.error.code).toBe('BAD_REQUEST');
        expect(JSON.stringify(answer)).not.toMatch(/zlib|Z_|at |node_modules/);
      }
      expect(errorLines()).toEqual([]);
    },
  );

  it('still decodes a good gzip body', async () => {
    const url = await start();
    const response = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync('{"a":1}'),
    });
    expect(await response.json()).toEqual({ body: { a: 1 } });
  });

  it('answers 416 and 412 from static files and sendFile, logged at warn without a stack', async () => {
    const url = await start();
    for (const target of ['/file', '/static/index.ts']) {
      const range = await fetch(`${url}${target}`, { headers: { range: 'bytes=99999999-' } });
      expect(range.status).toBe(416);
      expect(((await range.json()) as { error: { code: string } }).error.code).toBe('RANGE_NOT_SATISFIABLE');
      expect(range.headers.get('content-range')).toMatch(/^bytes \*\/\d+$/);

      const ifMatch = await fetch(`${url}${target}`, { headers: { 'if-match': '"nope"' } });
      expect(ifMatch.status).toBe(412);
      expect(((await ifMatch.json()) as { error: { code: string } }).error.code).toBe('PRECONDITION_FAILED');

      const unmodified = await fetch(`${url}${target}`, {
        headers: { 'if-unmodified-since': 'Mon, 01 Jan 1990 00:00:00 GMT' },
      });
      expect(unmodified.status).toBe(412);
    }
    expect(errorLines()).toEqual([]);
    const warned = logged.filter((line) => line['log.level'] === 'warn');
    expect(warned.length).toBeGreaterThanOrEqual(6);
    for (const line of warned) expect(JSON.stringify(line)).not.toContain('"stack"');
  });

  it('keeps a 4xx status with a catalogue code and only unknown errors become INTERNAL', () => {
    expect(toAppError(Object.assign(new Error('x'), { status: 412 })).code).toBe('PRECONDITION_FAILED');
    expect(toAppError(Object.assign(new Error('x'), { statusCode: 431 })).statusCode).toBe(431);
    expect(toAppError(Object.assign(new Error('x'), { status: 503 })).code).toBe('INTERNAL');
    expect(toAppError(new Error('x')).statusCode).toBe(500);
  });
});

describe('limits known from the headers', () => {
  it('answers 413 to a declared Content-Length over the limit before any body is sent', async () => {
    const url = await start();
    const { head, ms } = await raw(
      url,
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n',
    );
    expect(head).toBe('HTTP/1.1 413 Payload Too Large');
    expect(ms).toBeLessThan(2_000);
  });

  it('answers 413 on routes without a body parser too', async () => {
    const url = await start();
    const { head } = await raw(url, 'POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n');
    expect(head).toBe('HTTP/1.1 413 Payload Too Large');
  });

  it('answers 415 to an encoding no parser decodes, before reading the body', async () => {
    const url = await start();
    const { head, ms } = await raw(
      url,
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Encoding: x-nope\r\nContent-Length: 900\r\n\r\n',
    );
    expect(head).toBe('HTTP/1.1 415 Unsupported Media Type');
    expect(ms).toBeLessThan(2_000);
  });
});

describe('forwarded addresses', () => {
  it('keeps the IP addresses nearest the server, up to the first that is not one', () => {
    expect(forwardedForIps('203.0.113.7')).toBe('203.0.113.7');
    expect(forwardedForIps('foo, 203.0.113.7 ,10.0.0.1')).toBe('203.0.113.7, 10.0.0.1');
    expect(forwardedForIps('203.0.113.7, foo')).toBeUndefined();
    expect(forwardedForIps('x'.repeat(4000))).toBeUndefined();
    expect(forwardedForIps('::1, 2001:db8::1')).toBe('::1, 2001:db8::1');
  });

  it('never lets text that is not an address become the client address', async () => {
    const url = await start('loopback');
    const ip = async (forwarded: string): Promise<unknown> =>
      (
        (await (await fetch(`${url}/ip`, { headers: { 'x-forwarded-for': forwarded } })).json()) as {
          ip: unknown;
        }
      ).ip;
    expect(await ip('foo')).toBe('127.0.0.1');
    expect(await ip('x'.repeat(4000))).toBe('127.0.0.1');
    expect(await ip('198.51.100.4')).toBe('198.51.100.4');
    expect(await ip('198.51.100.4, bar')).toBe('127.0.0.1');
  });
});
