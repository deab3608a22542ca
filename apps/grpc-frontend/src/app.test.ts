import { status } from '@grpc/grpc-js';
import { ApiTimeoutError, ApiUnavailableError, type ItemOutput } from '@platform/api-client';
import { Readiness } from '@platform/http';
import { startServer, type TestServer } from '@platform/http/testing';
import { captureLogger } from '@platform/logging/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import type { PageApi } from './load-home.js';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

function items(length: number): ItemOutput[] {
  return Array.from({ length }, (_, index) => ({ id: index + 1, name: `name ${index + 1}` }));
}

/** The backend's answers, in memory; `fail` makes every call fail with it. */
function fakeApi(fail?: () => Error): PageApi & { names: string[]; requestIds: unknown[] } {
  const names: string[] = [];
  const requestIds: unknown[] = [];
  return {
    names,
    requestIds,
    sayHello: async (name, options) => {
      names.push(name);
      requestIds.push(options?.requestId);
      if (fail) throw fail();
      return `Hello ${name}!`;
    },
    getAll: async (length) => {
      if (fail) throw fail();
      return items(length);
    },
    getStream: async function* (length) {
      if (fail) throw fail();
      yield* items(length);
    },
  };
}

async function start(api: PageApi): Promise<string> {
  const app = createApp({
    logger: captureLogger({ app: 'grpc-frontend' }).logger,
    readiness: new Readiness(),
    api,
    backend: 'grpc://test:1',
  });
  const server = await startServer(app);
  servers.push(server);
  return server.url;
}

describe('GET /', () => {
  it('renders the greeting for Gonzalo, getAll(10) and getStream(5)', async () => {
    const api = fakeApi();
    const response = await fetch(await start(api), { headers: { 'x-request-id': 'page-7' } });
    expect(response.status).toBe(200);
    expect(api.requestIds).toEqual(['page-7']);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain('<h1>Hello Gonzalo!</h1>');
    expect(page.match(/<li /g)).toHaveLength(15);
    expect(page).toContain('<li value="10">name 10</li>');
    expect(api.names).toEqual(['Gonzalo']);
  });

  it('greets the name given in ?name=, and refuses an over-long one with a 400 page', async () => {
    const api = fakeApi();
    const base = await start(api);
    expect(await (await fetch(`${base}/?name=Ana%20%3Cb%3E`)).text()).toContain(
      '<h1>Hello Ana &lt;b&gt;!</h1>',
    );
    const tooLong = await fetch(`${base}/?name=${'x'.repeat(101)}`);
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('The name must be one text of at most 100 characters.');
    expect((await fetch(`${base}/?name=a&name=b`)).status).toBe(400);
    expect(api.names).toEqual(['Ana <b>']);
  });

  it('answers 502 with a page that retries by itself when the backend is unavailable', async () => {
    const response = await fetch(
      await start(fakeApi(() => new ApiUnavailableError({ grpcCode: status.UNAVAILABLE }))),
    );
    expect(response.status).toBe(502);
    expect(response.headers.get('retry-after')).toBe('5');
    const page = await response.text();
    expect(page).toContain('The backend is unavailable');
    expect(page).toContain('<meta http-equiv="refresh" content="5" />');
  });

  it('answers 504 when the backend is too slow, and 500 without internals for anything else', async () => {
    const slow = await fetch(
      await start(fakeApi(() => new ApiTimeoutError({ grpcCode: status.DEADLINE_EXCEEDED }))),
    );
    expect(slow.status).toBe(504);
    expect(await slow.text()).toContain('The backend did not answer in time');
    const broken = await fetch(await start(fakeApi(() => new TypeError('secret internals at render.ts:12'))));
    expect(broken.status).toBe(500);
    const page = await broken.text();
    expect(page).toContain('Something went wrong');
    expect(page).not.toContain('secret internals');
  });
});
