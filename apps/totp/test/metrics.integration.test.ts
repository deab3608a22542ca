import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../src/otp/totp-engine.js';
import { defaultOtpParameters } from '../src/otp/otp-parameters.js';
import {
  authHeaders,
  connectRedis,
  deletePrefix,
  seedSecret,
  startTestApp,
  uniquePrefix,
  type TestApp,
} from './support/harness.js';

const prefix = uniquePrefix('metrics');
let redis: Redis;
let app: TestApp;

beforeAll(async () => {
  redis = await connectRedis();
  app = await startTestApp({
    prefix,
    redis,
    throttle: { subjectFailures: 2, addressFailures: 50, lockoutMs: 30_000, maxLockoutMs: 60_000 },
  });
});
afterAll(async () => {
  await app.close();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

const check = (code: string) => fetch(`${app.url}/check/${code}`, { headers: authHeaders() });

function sample(text: string, series: string): number {
  const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('totp GET /metrics', () => {
  it('counts code checks by outcome and never names a code in a label', async () => {
    const now = Math.floor(Date.now() / 1000);
    const good = totpCode(seedSecret, now, defaultOtpParameters);
    const wrong = String((Number(good) + 500_000) % 1_000_000).padStart(6, '0');
    expect((await check(good)).status).toBe(200); // accepted
    expect((await check(good)).status).toBe(200); // replayed
    expect((await check(wrong)).status).toBe(200); // rejected: the second failure, so a lockout
    expect((await check(good)).status).toBe(429); // locked

    const text = await (await fetch(`${app.url}/metrics`)).text();
    const outcome = (name: string) => sample(text, `totp_verifications_total{outcome="${name}"}`);
    expect({
      accepted: outcome('accepted'),
      replayed: outcome('replayed'),
      rejected: outcome('rejected'),
      locked: outcome('locked'),
    }).toEqual({ accepted: 1, replayed: 1, rejected: 1, locked: 1 });
    expect(
      sample(
        text,
        'http_server_request_duration_seconds_count{method="GET",route="/check/:key",status_code="200"}',
      ),
    ).toBe(3);
    expect(text).not.toContain(good);
    expect(text).not.toContain(wrong);
  });
});
