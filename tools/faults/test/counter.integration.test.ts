import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@platform/http/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../src/fault-proxy.js';
import { startAppProcess, type AppProcess } from '@platform/http/testing';
import { timed } from '../src/timed.js';

const appDir = (app: string): string => path.resolve(import.meta.dirname, '../../../apps', app);

const REDIS_URL = new URL(process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379');
const PATH = process.env['PATH'] ?? '';
const COMMAND_TIMEOUT_MS = 500;
const SOCKET_TIMEOUT_MS = 1_000;
const MARGIN_MS = 1_000;
const RESET_BOUND_MS = 1_000;
// A key of this file's own, so files and runs share one Redis.
const NAMESPACE = `faults-counter-${randomBytes(6).toString('hex')}`;
const KEY = `${NAMESPACE}:hits`;

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { hits?: number; error?: { code?: string; reason?: string } };
}

let proxy: FaultProxy;
let app: AppProcess;
let direct: Redis;

async function hit(): Promise<{ value: Answer; ms: number }> {
  return timed(async () => {
    const response = await fetch(`${app.url}/`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as Answer['body'],
    };
  });
}

async function stored(): Promise<number> {
  return Number((await direct.get(KEY)) ?? 0);
}

function expectUnavailable(answer: Answer): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(503);
  expect(answer.body.error?.code).toBe('SERVICE_UNAVAILABLE');
  expect(answer.retryAfter).toBe('1');
}

/** Waits until the app is ready again, then checks that the next hit counts exactly once. */
async function countsExactlyOnce(): Promise<void> {
  await waitFor('/readyz to answer 200', async () => (await fetch(`${app.url}/readyz`)).status === 200, {
    abort: () => (app.alive() ? undefined : 'the app exited'),
  });
  const before = await stored();
  const { value } = await hit();
  expect(value.status, JSON.stringify(value.body)).toBe(200);
  expect(value.body.hits).toBe(before + 1);
  expect(await stored()).toBe(before + 1);
}

/** Recovered for good: every hit for a while (past timers the fault armed) answers and counts once. */
async function staysRecovered(forMs: number): Promise<void> {
  const until = Date.now() + forMs;
  while (Date.now() < until) {
    const before = await stored();
    const { value } = await hit();
    expect(value.status, JSON.stringify(value.body)).toBe(200);
    expect(value.body.hits).toBe(before + 1);
    await sleep(50);
  }
}

beforeAll(async () => {
  proxy = await startFaultProxy({ host: REDIS_URL.hostname, port: Number(REDIS_URL.port || 6379) });
  direct = new Redis(REDIS_URL.toString(), { lazyConnect: true });
  await direct.connect();
  const through = new URL(REDIS_URL);
  through.host = `${proxy.host}:${proxy.port}`;
  app = await startAppProcess(appDir('counter'), {
    PATH,
    REDIS_URL: through.toString(),
    COUNTER_NAMESPACE: NAMESPACE,
    REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
    REDIS_CONNECT_TIMEOUT_MS: '500',
    REDIS_SOCKET_TIMEOUT_MS: String(SOCKET_TIMEOUT_MS),
    REDIS_RECONNECT_MAX_DELAY_MS: '200',
  });
});

afterEach(async () => {
  proxy?.pass();
  expect(app.alive(), app.output()).toBe(true);
  expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
});

afterAll(async () => {
  await app?.stop();
  await proxy?.close();
  await direct?.del(KEY);
  direct?.disconnect();
});

describe('counter through a fault proxy to Redis', () => {
  it('a reset mid-INCR answers 503 at once and never counts the hit twice; the next hit counts once', async () => {
    await countsExactlyOnce();
    const before = proxy.stats.clientBytes;
    expect((await hit()).value.status).toBe(200);
    // The INCR of one hit.
    const total = proxy.stats.clientBytes - before;
    expect(total).toBe(`*2\r\n$4\r\nincr\r\n$${KEY.length}\r\n${KEY}\r\n`.length);
    for (const cut of new Set([1, Math.ceil(total / 2), total])) {
      const counted = await stored();
      proxy.resetAfterClientBytes(cut);
      const { value, ms } = await hit();
      expectUnavailable(value);
      expect(ms, `cut at byte ${cut} of ${total}`).toBeLessThan(RESET_BOUND_MS);
      // Only an INCR that reached Redis whole ran (its answer was lost); none is sent again.
      await sleep(300);
      expect(await stored(), `cut at byte ${cut} of ${total}`).toBe(counted + (cut === total ? 1 : 0));
      await countsExactlyOnce();
      await staysRecovered(SOCKET_TIMEOUT_MS + 200);
    }
  });

  it('a stall answers 503 within the command timeout, every time, until Redis comes back', async () => {
    await countsExactlyOnce();
    proxy.stall();
    const started = Date.now();
    // Past the socket timeout too: the client drops the silent connection and cannot open a new one.
    while (Date.now() - started < 2_000) {
      const { value, ms } = await hit();
      expectUnavailable(value);
      expect(ms).toBeLessThan(COMMAND_TIMEOUT_MS + MARGIN_MS);
    }
    expect(app.alive()).toBe(true);
    proxy.pass();
    await countsExactlyOnce();
  });

  it('a Redis that resets and refuses connections answers 503 at once; it counts once when back', async () => {
    await countsExactlyOnce();
    const counted = await stored();
    proxy.refuse();
    proxy.reset();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const { value, ms } = await hit();
      expectUnavailable(value);
      expect(ms).toBeLessThan(RESET_BOUND_MS);
      await sleep(100);
    }
    expect(await stored()).toBe(counted);
    proxy.pass();
    await countsExactlyOnce();
  });
});
