import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  authHeaders,
  connectRedis,
  deletePrefix,
  seedSecret,
  startTestApp,
  uniquePrefix,
  type TestApp,
} from '../../test/support/harness.js';
import { totpCode } from '../otp/totp-engine.js';
import { defaultOtpParameters } from '../otp/otp-parameters.js';
import type { Redis } from 'ioredis';

const prefix = uniquePrefix('seed');
let redis: Redis;
let app: TestApp;
// Each test moves to its own stretch of time, so the last accepted steps of earlier tests do not interfere.
let epoch = 1_900_000_000;

const codeAt = (seconds: number) => totpCode(seedSecret, seconds, defaultOtpParameters);
const check = (code: string, headers: Record<string, string> = authHeaders()) =>
  fetch(`${app.url}/check/${code}`, { headers });
const statusOf = async (code: string, headers?: Record<string, string>) =>
  ((await (await check(code, headers)).json()) as { status: boolean }).status;

function freshTime(): number {
  epoch += 3_600;
  const now = epoch - (epoch % 30) + 10; // 10 s into a step
  vi.setSystemTime(now * 1000);
  return now;
}

beforeAll(async () => {
  redis = await connectRedis();
  app = await startTestApp({
    prefix,
    redis,
    throttle: { subjectFailures: 5, addressFailures: 50, lockoutMs: 30_000, maxLockoutMs: 120_000 },
  });
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await app.close();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('GET /check/:key (seed-compatible)', () => {
  it('needs the bearer token: 401 with the error envelope otherwise', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const now = freshTime();
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: 'Basic x' }]) {
      const response = await check(codeAt(now), headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    }
    // Refused requests did not use the code up.
    expect(await statusOf(codeAt(now))).toBe(true);
  });

  it('answers {"status": true} for the current code and false for a wrong one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const now = freshTime();
    const response = await check(codeAt(now));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ status: true });
    const wrong = String((Number(codeAt(now + 90)) + 1) % 1_000_000).padStart(6, '0');
    expect(await statusOf(wrong)).toBe(false);
  });

  it('accepts the previous and next steps (one step of drift) and refuses two steps away', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    let now = freshTime();
    expect(await statusOf(codeAt(now - 30))).toBe(true);
    now = freshTime();
    expect(await statusOf(codeAt(now + 30))).toBe(true);
    now = freshTime();
    expect(await statusOf(codeAt(now - 60))).toBe(false);
    expect(await statusOf(codeAt(now + 60))).toBe(false);
    expect(await statusOf(codeAt(now))).toBe(true);
  });

  it('refuses a code that was accepted once, and older codes after a newer one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const now = freshTime();
    expect(await statusOf(codeAt(now))).toBe(true);
    expect(await statusOf(codeAt(now))).toBe(false);
    vi.setSystemTime((now + 5) * 1000); // same step, a few seconds later
    expect(await statusOf(codeAt(now))).toBe(false);
    expect(await statusOf(codeAt(now + 30))).toBe(true);
    expect(await statusOf(codeAt(now - 30))).toBe(false);
  });

  it('answers 400 naming the field for a key that is not 6 to 8 digits', async () => {
    for (const key of ['12345', 'abcdef', '123456789', '12%2034']) {
      const response = await check(key);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; issues: { path: string }[] } };
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.issues[0]?.path).toBe('key');
    }
  });

  it('locks out after 5 failures with 429 and Retry-After, logs it, and lets codes through afterwards', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const now = freshTime();
    expect(await statusOf(codeAt(now - 30))).toBe(true); // a success clears earlier tests' failures
    const wrong = String((Number(codeAt(now)) + 500_000) % 1_000_000).padStart(6, '0');
    for (let attempt = 0; attempt < 5; attempt += 1) expect(await statusOf(wrong)).toBe(false);

    const locked = await check(codeAt(now)); // even the right code, while locked out
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('30');
    const body = (await locked.json()) as { error: { code: string; retryAfter: number } };
    expect(body.error).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfter: 30 });

    const lockout = app.logs.lines().find((line) => line['event'] === 'totp.lockout');
    expect(lockout).toMatchObject({ 'log.level': 'warn', scope: 'subject', subject: 'seed', lockout_s: 30 });

    vi.setSystemTime((now + 20) * 1000);
    expect((await check(codeAt(now))).headers.get('retry-after')).toBe('10');
    vi.setSystemTime((now + 31) * 1000);
    expect(await statusOf(codeAt(now + 31))).toBe(true);
  });

  it('never writes the shared secret or the bearer token to the logs', () => {
    const text = app.logs.text();
    const secret = Buffer.from(seedSecret);
    expect(text).not.toContain('GEZDGNBVGY3TQOJQ');
    expect(text).not.toContain(secret.toString('hex'));
    expect(text).not.toContain('test-bearer-token');
  });
});
