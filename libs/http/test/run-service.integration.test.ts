import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../src/testing.js';

const fixture = path.join(import.meta.dirname, 'fixture-service.ts');
const listenerFixture = path.join(import.meta.dirname, 'fixture-listener-service.ts');
const children: ChildProcess[] = [];

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function startFixture(env: Record<string, string>, script = fixture): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@platform/source', script], {
    env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function waitForLine(started: Started, pattern: RegExp, count = 1): Promise<string[]> {
  const matching = () =>
    started
      .stdout()
      .split('\n')
      .filter((line) => pattern.test(line));
  await waitFor(`${count} line(s) matching ${pattern}`, () => matching().length >= count, {
    timeoutMs: 15_000,
  }).catch((error: unknown) => {
    throw new Error(`no line matching ${pattern}: ${started.stdout()} ${started.stderr()}`, { cause: error });
  });
  return matching();
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('runService', () => {
  it('exits non-zero naming every bad setting, before listening', async () => {
    const started = startFixture({ PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(await started.exit).toBe(1);
    expect(started.stderr()).toMatch(/GREETING: is required/);
    expect(started.stderr()).toMatch(/PORT:/);
    expect(started.stderr()).toMatch(/LOG_LEVEL:/);
    expect(started.stdout()).not.toMatch(/listening on/);
  });

  it('exits non-zero with a clear message when the port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const started = startFixture({ GREETING: 'hi', PORT: String(port) });
      expect(await started.exit).toBe(1);
      expect(started.stderr()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('logs its URL once ready, finishes in-flight requests on SIGTERM and exits 0', async () => {
    const started = startFixture({ GREETING: 'hi' });
    const [line] = await waitForLine(started, /listening on/);
    const { url } = JSON.parse(line!) as { url: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${url}/pid`)).json()).toMatchObject({ greeting: 'hi' });

    const slow = fetch(`${url}/slow`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    started.child.kill('SIGTERM');
    const response = await slow;
    expect(await response.json()).toEqual({ done: true });
    expect(await started.exit).toBe(0);
    expect(started.stdout()).toMatch(/closed resources/);
    expect(started.stdout()).toMatch(/fixture stopped/);
  });

  it('gzips answers of 1 kB or more with COMPRESSION=true, and not by default', async () => {
    const compressed = startFixture({ GREETING: 'hi', COMPRESSION: 'true' });
    const plain = startFixture({ GREETING: 'hi' });
    const urlOf = async (started: Started) =>
      (JSON.parse((await waitForLine(started, /listening on/))[0]!) as { url: string }).url;
    const headers = { 'accept-encoding': 'gzip' };
    const gzipped = await fetch(`${await urlOf(compressed)}/big`, { headers });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(((await gzipped.json()) as { text: string }).text).toHaveLength(4_096);
    const small = await fetch(`${await urlOf(compressed)}/pid`, { headers });
    expect(small.headers.get('content-encoding')).toBeNull();
    const identity = await fetch(`${await urlOf(plain)}/big`, { headers });
    expect(identity.headers.get('content-encoding')).toBeNull();
  });

  it('traces by default, and not at all with OTEL_SDK_DISABLED=true', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const traceparent = `00-${traceId}-00f067aa0ba902b7-01`;
    const lineOf = async (started: Started, id: string) => {
      const [listening] = await waitForLine(started, /listening on/);
      const { url } = JSON.parse(listening!) as { url: string };
      await fetch(`${url}/pid`, { headers: { traceparent, 'x-request-id': id } });
      const [line] = await waitForLine(started, new RegExp(`"request.id":"${id}"`));
      return JSON.parse(line!) as Record<string, unknown>;
    };
    const traced = await lineOf(startFixture({ GREETING: 'hi' }), 'traced');
    expect(traced['trace.id']).toBe(traceId);
    expect(traced['span.id']).toMatch(/^[0-9a-f]{16}$/);
    const untraced = await lineOf(startFixture({ GREETING: 'hi', OTEL_SDK_DISABLED: 'true' }), 'untraced');
    expect(untraced).not.toHaveProperty('trace.id');
    expect(untraced).toMatchObject({ res: { statusCode: 200 } });
  });

  it('shares the port between WEB_CONCURRENCY workers and stops them all on SIGTERM', async () => {
    const started = startFixture({ GREETING: 'hi', WEB_CONCURRENCY: '2', PORT: '0' });
    // With port 0 each worker gets the port the primary bound, shared by both.
    const lines = await waitForLine(started, /listening on/, 2);
    const urls = new Set(lines.map((line) => (JSON.parse(line) as { url: string }).url));
    expect(urls.size).toBe(1);
    const [url] = [...urls];
    const pids = new Set<number>();
    for (let i = 0; i < 40 && pids.size < 2; i += 1) {
      const body = (await (await fetch(`${url}/pid`, { headers: { connection: 'close' } })).json()) as {
        pid: number;
      };
      pids.add(body.pid);
    }
    expect(pids.size).toBe(2);
    started.child.kill('SIGTERM');
    expect(await started.exit).toBe(0);
  });

  describe('GET /metrics with WEB_CONCURRENCY workers', () => {
    const fetchClosing = (url: string) => fetch(url, { headers: { connection: 'close' } });
    /** The count of GET /pid answered 200, as one scrape reports it. */
    const pidRequestsCounted = async (url: string): Promise<number> => {
      const text = await (await fetchClosing(`${url}/metrics`)).text();
      const line = text
        .split('\n')
        .find((entry) =>
          entry.startsWith(
            'http_server_request_duration_seconds_count{method="GET",route="/pid",status_code="200"}',
          ),
        );
      return Number(line?.split(' ').at(-1) ?? 0);
    };
    const startWorkers = async (): Promise<{ started: Started; url: string }> => {
      const started = startFixture({ GREETING: 'hi', WEB_CONCURRENCY: '2', PORT: '0' });
      const [line] = await waitForLine(started, /listening on/, 2);
      return { started, url: (JSON.parse(line as string) as { url: string }).url };
    };

    it("counts every worker's requests in each scrape, whichever worker answers it", async () => {
      const { started, url } = await startWorkers();
      const pids = new Set<number>();
      let served = 0;
      while ((pids.size < 2 || served < 12) && served < 80) {
        pids.add(((await (await fetchClosing(`${url}/pid`)).json()) as { pid: number }).pid);
        served += 1;
      }
      expect(pids.size).toBe(2);
      // A request's metrics are recorded as its answer leaves: wait for the last one's.
      await waitFor('every request counted', async () => (await pidRequestsCounted(url)) === served, {
        timeoutMs: 5_000,
      });
      const scrapes: number[] = [];
      for (let i = 0; i < 6; i += 1) scrapes.push(await pidRequestsCounted(url));
      expect(scrapes).toEqual(Array.from({ length: 6 }, () => served));
      started.child.kill('SIGTERM');
      expect(await started.exit).toBe(0);
    });

    it('answers 503 SERVICE_UNAVAILABLE within its bound when a worker cannot send its metrics', async () => {
      const { started, url } = await startWorkers();
      // One worker's event loop is held for 4.5 s; the scrape goes to the other.
      const busy = fetchClosing(`${url}/busy`);
      await sleep(300);
      const startedAt = Date.now();
      const response = await fetchClosing(`${url}/metrics`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
      expect(response.headers.get('retry-after')).toBe('1');
      expect(Date.now() - startedAt).toBeLessThan(4_000);
      expect((await busy).status).toBe(200);
      started.child.kill('SIGTERM');
      expect(await started.exit).toBe(0);
    });

    it('answers without a worker that dies while the scrape waits for it', async () => {
      const { started, url } = await startWorkers();
      // New connections go round the workers in turn: the first /pid and /busy reach one worker,
      // the second /pid and the scrape the other.
      const pidOf = async (path: string) =>
        ((await (await fetchClosing(`${url}${path}`)).json()) as { pid: number }).pid;
      const first = await pidOf('/pid');
      const second = await pidOf('/pid');
      expect(second).not.toBe(first);
      void fetchClosing(`${url}/busy`).catch(() => undefined);
      await sleep(300);
      const startedAt = Date.now();
      const scrape = fetchClosing(`${url}/metrics`);
      await sleep(300);
      process.kill(first, 'SIGKILL');
      const response = await scrape;
      expect(response.status).toBe(200);
      expect(Date.now() - startedAt).toBeLessThan(2_500);
      const pidLine = (await response.text())
        .split('\n')
        .find((entry) => entry.includes('_count{method="GET",route="/pid",status_code="200"}'));
      // Only the surviving worker's request: the dead one's counts went with it.
      expect(pidLine?.split(' ').at(-1)).toBe('1');
      started.child.kill('SIGTERM');
      expect(await started.exit).toBe(0);
    });
  });

  describe('with more listeners', () => {
    const messages = (started: Started): string[] =>
      started
        .stdout()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => (JSON.parse(line) as { message: string }).message);

    it('binds them before HTTP, logs the HTTP line last, and drains and closes them on SIGTERM', async () => {
      const started = startFixture({ TCP_PORT: '0' }, listenerFixture);
      await waitForLine(started, /listening on http:/);
      const listening = messages(started).filter((message) => message.includes('listening on'));
      expect(listening).toHaveLength(2);
      expect(listening[0]).toMatch(/^fixture listening on tcp:\/\/127\.0\.0\.1:\d+$/);
      expect(listening[1]).toMatch(/^fixture listening on http:\/\/127\.0\.0\.1:\d+$/);

      started.child.kill('SIGTERM');
      expect(await started.exit).toBe(0);
      const order = messages(started).filter((message) =>
        ['tcp draining', 'tcp closing', 'closed resources', 'fixture stopped'].includes(message),
      );
      expect(order).toEqual(['tcp draining', 'tcp closing', 'closed resources', 'fixture stopped']);
    });

    it('exits 1 without serving HTTP when a listener cannot bind, closing what start() opened', async () => {
      const blocker: Server = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const port = (blocker.address() as { port: number }).port;
      try {
        const started = startFixture({ TCP_PORT: String(port) }, listenerFixture);
        expect(await started.exit).toBe(1);
        expect(started.stderr()).toMatch(/EADDRINUSE/);
        expect(started.stdout()).not.toMatch(/listening on/);
        expect(messages(started)).toContain('closed resources');
      } finally {
        blocker.close();
      }
    });

    it('refuses to start when a settings rule fails', async () => {
      const started = startFixture({ TCP_PORT: '5', TCP_ENABLED: 'no' }, listenerFixture);
      expect(await started.exit).toBe(1);
      expect(started.stderr()).toContain('TCP_PORT: must be 0 when TCP_ENABLED=no');
    });
  });
});
