import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@platform/http/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../src/fault-proxy.js';
import { startAppProcess, type AppProcess } from '@platform/http/testing';
import { timed } from '../src/timed.js';
import { base32Decode, timeStep, totpCode } from '../src/totp-code.js';

const appDir = (app: string): string => path.resolve(import.meta.dirname, '../../../apps', app);

const REDIS_URL = new URL(process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379');
const PATH = process.env['PATH'] ?? '';
const TOKEN = randomBytes(24).toString('base64url');
const COMMAND_TIMEOUT_MS = 500;
const SOCKET_TIMEOUT_MS = 1_000;
const MARGIN_MS = 1_000;
const RESET_BOUND_MS = 1_000;
// Keys of this file's own, so files and runs share one Redis.
const PREFIX = `faults:totp:${randomBytes(6).toString('hex')}:`;

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { status?: boolean; otpauthUri?: string; error?: { code?: string } };
}

/** An active account: its secret and the time step its confirmation consumed. */
interface Account {
  id: string;
  secret: Buffer;
  confirmedStep: number;
}

let proxy: FaultProxy;
let app: AppProcess;
let direct: Redis;
let accounts = 0;

async function call(method: string, route: string, body?: unknown): Promise<{ value: Answer; ms: number }> {
  return timed(async () => {
    const response = await fetch(`${app.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as Answer['body'],
    };
  });
}

/** Enrolls and confirms an account (ids of one length, so every verification sends as many bytes). */
async function activeAccount(): Promise<Account> {
  const id = `fault-${String((accounts += 1)).padStart(3, '0')}`;
  const enrolled = await call('POST', '/accounts', { account: id });
  expect(enrolled.value.status, JSON.stringify(enrolled.value.body)).toBe(201);
  const secret = base32Decode(new URL(enrolled.value.body.otpauthUri!).searchParams.get('secret')!);
  const confirmedStep = timeStep(Date.now());
  const confirmed = await call('POST', `/accounts/${id}/confirm`, { code: totpCode(secret, confirmedStep) });
  expect(confirmed.value.body).toMatchObject({ status: true });
  return { id, secret, confirmedStep };
}

function verify(account: Account, step: number): Promise<{ value: Answer; ms: number }> {
  return call('POST', `/accounts/${account.id}/verify`, { code: totpCode(account.secret, step) });
}

/** The last step the ledger accepted for the account, read from Redis itself. */
async function lastStep(account: Account): Promise<number> {
  return Number(await direct.get(`${PREFIX}last:account:${account.id}`));
}

function expectUnavailable(answer: Answer): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(503);
  expect(answer.body.error?.code).toBe('SERVICE_UNAVAILABLE');
  expect(answer.retryAfter).toBe('1');
}

async function ready(): Promise<void> {
  await waitFor('/readyz to answer 200', async () => (await fetch(`${app.url}/readyz`)).status === 200, {
    abort: () => (app.alive() ? undefined : 'the app exited'),
  });
}

/**
 * After a fault during the verification of `step`: if the script ran (the ledger holds the step),
 * the code is refused as replayed from now on; if it did not, it is accepted exactly once.
 */
async function acceptedAtMostOnce(account: Account, step: number): Promise<void> {
  await ready();
  const ran = (await lastStep(account)) === step;
  const first = await verify(account, step);
  const second = await verify(account, step);
  expect(first.value.status, JSON.stringify(first.value.body)).toBe(200);
  expect([first.value.body.status, second.value.body.status]).toEqual([!ran, false]);
  expect(await lastStep(account)).toBe(step);
}

/** Recovered for good: the account reads well for a while (past timers the fault armed). */
async function staysRecovered(account: Account, forMs: number): Promise<void> {
  const until = Date.now() + forMs;
  while (Date.now() < until) {
    const { value } = await call('GET', `/accounts/${account.id}`);
    expect(value.status, JSON.stringify(value.body)).toBe(200);
    await sleep(50);
  }
}

beforeAll(async () => {
  proxy = await startFaultProxy({ host: REDIS_URL.hostname, port: Number(REDIS_URL.port || 6379) });
  direct = new Redis(REDIS_URL.toString(), { lazyConnect: true });
  await direct.connect();
  const through = new URL(REDIS_URL);
  through.host = `${proxy.host}:${proxy.port}`;
  app = await startAppProcess(appDir('totp'), {
    PATH,
    REDIS_URL: through.toString(),
    TOTP_REDIS_PREFIX: PREFIX,
    TOTP_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    BEARER: TOKEN,
    REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
    REDIS_CONNECT_TIMEOUT_MS: '500',
    REDIS_SOCKET_TIMEOUT_MS: String(SOCKET_TIMEOUT_MS),
    REDIS_RECONNECT_MAX_DELAY_MS: '200',
    // Replays count as failures; this suite makes many on purpose.
    TOTP_THROTTLE_ACCOUNT_FAILURES: '1000',
    TOTP_THROTTLE_ADDRESS_FAILURES: '1000',
  });
});

afterEach(async () => {
  proxy?.pass();
  expect(app.alive(), app.output()).toBe(true);
  expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  // A failed test leaves the next one a ready app, not the tail of its fault.
  await ready();
});

afterAll(async () => {
  await app?.stop();
  await proxy?.close();
  if (direct) {
    const keys = await direct.keys(`${PREFIX}*`);
    if (keys.length > 0) await direct.del(...keys);
    direct.disconnect();
  }
});

describe('totp through a fault proxy to Redis', () => {
  it('a reset mid-verification answers 503 at once; the code is then accepted once or refused as replayed, never twice', async () => {
    const dry = await activeAccount();
    const before = proxy.stats.clientBytes;
    expect((await verify(dry, dry.confirmedStep + 1)).value.body).toMatchObject({ status: true });
    // The account read and the verification script of one code.
    const total = proxy.stats.clientBytes - before;

    for (const cut of new Set([1, Math.round(total / 3), Math.round((total * 2) / 3), total - 1, total])) {
      const account = await activeAccount();
      const step = account.confirmedStep + 1;
      proxy.resetAfterClientBytes(cut);
      const { value, ms } = await verify(account, step);
      expectUnavailable(value);
      expect(ms, `cut at byte ${cut} of ${total}`).toBeLessThan(RESET_BOUND_MS);
      // Only a script that reached Redis whole ran; it is never sent again.
      await ready();
      expect(await lastStep(account), `cut at byte ${cut} of ${total}`).toBe(
        cut === total ? step : account.confirmedStep,
      );
      await acceptedAtMostOnce(account, step);
      await staysRecovered(account, SOCKET_TIMEOUT_MS + 200);
    }
  });

  it('a stall answers 503 within the command timeout; the code is not spent', async () => {
    const account = await activeAccount();
    const step = account.confirmedStep + 1;
    proxy.stall();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const { value, ms } = await verify(account, step);
      expectUnavailable(value);
      expect(ms).toBeLessThan(COMMAND_TIMEOUT_MS + MARGIN_MS);
    }
    expect(await lastStep(account)).toBe(account.confirmedStep);
    proxy.pass();
    await ready();
    expect((await verify(account, step)).value.body).toMatchObject({ status: true });
    expect((await verify(account, step)).value.body).toMatchObject({ status: false });
  });

  it('a stall after the script reached Redis answers 503 in time; the code is spent, refused as replayed', async () => {
    const dry = await activeAccount();
    const before = proxy.stats.clientBytes;
    expect((await verify(dry, dry.confirmedStep + 1)).value.body).toMatchObject({ status: true });
    const total = proxy.stats.clientBytes - before;

    const account = await activeAccount();
    const step = account.confirmedStep + 1;
    proxy.stallAfterClientBytes(total);
    const { value, ms } = await verify(account, step);
    expectUnavailable(value);
    expect(ms).toBeLessThan(COMMAND_TIMEOUT_MS + MARGIN_MS);
    expect(await lastStep(account)).toBe(step);
    proxy.pass();
    await ready();
    expect((await verify(account, step)).value.body).toMatchObject({ status: false });
  });

  it('a Redis that resets and refuses connections answers 503 at once; codes work when it is back', async () => {
    const account = await activeAccount();
    const step = account.confirmedStep + 1;
    proxy.refuse();
    proxy.reset();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const { value, ms } = await verify(account, step);
      expectUnavailable(value);
      expect(ms).toBeLessThan(RESET_BOUND_MS);
    }
    proxy.pass();
    await acceptedAtMostOnce(account, step);
  });
});
