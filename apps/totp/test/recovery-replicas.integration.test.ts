// Three real totp processes (src/main.ts, as `nx serve` runs it) on one Redis, like three replicas
// behind a load balancer: a recovery code spent on all of them at once is accepted exactly once.
import path from 'node:path';
import type { Redis } from 'ioredis';
import { startAppProcess, type AppProcess } from '@platform/http/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOtpauthUri } from '../src/otp/otpauth-uri.js';
import { totpCode } from '../src/otp/totp-engine.js';
import { connectRedis, deletePrefix, redisUrl, uniquePrefix } from './support/harness.js';

const appDir = path.join(import.meta.dirname, '..');
const prefix = uniquePrefix('recovery-replicas');
const token = 'recovery-replicas-token-0123456789';
const encryptionKey = 'c3'.repeat(32);
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
let redis: Redis;
let replicas: AppProcess[] = [];

beforeAll(async () => {
  redis = await connectRedis();
  replicas = await Promise.all(
    [0, 1, 2].map(() =>
      startAppProcess(appDir, {
        PATH: process.env['PATH'] ?? '',
        ENVIRONMENT: 'test',
        LOG_LEVEL: 'info',
        REDIS_URL: redisUrl,
        TOTP_REDIS_PREFIX: prefix,
        TOTP_ENCRYPTION_KEY: encryptionKey,
        BEARER: `replica-test:${token}`,
        // Concurrent wrong attempts must not lock the account out before the race is decided.
        TOTP_THROTTLE_ACCOUNT_FAILURES: '1000',
        TOTP_THROTTLE_ADDRESS_FAILURES: '1000',
      }),
    ),
  );
}, 120_000);
afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

async function post(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('recovery codes across replicas', () => {
  it('accepts a code exactly once when three processes receive it many times at once', async () => {
    const [first, second, third] = replicas as [AppProcess, AppProcess, AppProcess];
    const account = 'race@example.com';
    const enrolled = await post(`${first.url}/accounts`, { account });
    expect(enrolled.status).toBe(201);
    const codes = enrolled.body['recoveryCodes'] as string[];
    const uri = parseOtpauthUri(enrolled.body['otpauthUri'] as string);
    const confirm = await post(`${second.url}/accounts/${account}/confirm`, {
      code: totpCode(uri.secret, Math.floor(Date.now() / 1000), uri),
    });
    expect(confirm.body).toEqual({ status: true, state: 'active' });

    for (const code of codes.slice(0, 3)) {
      // Twelve requests for one code, four per process, interleaved and all in flight together.
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, n) =>
          post(`${replicas[n % 3]!.url}/accounts/${account}/recovery`, { code }),
        ),
      );
      expect(results.map((result) => result.status)).toEqual(Array(12).fill(200));
      expect(results.filter((result) => result.body['status'] === true)).toHaveLength(1);
    }
    const count = await fetch(`${third.url}/accounts/${account}/recovery`, { headers });
    expect(await count.json()).toEqual({ remaining: 7 });

    // A regeneration on one process voids the old codes on all of them.
    const regenerated = await post(`${third.url}/accounts/${account}/recovery/regenerate`, {});
    const fresh = regenerated.body['recoveryCodes'] as string[];
    expect((await post(`${first.url}/accounts/${account}/recovery`, { code: codes[5] })).body).toEqual({
      status: false,
      remaining: 10,
    });
    expect((await post(`${second.url}/accounts/${account}/recovery`, { code: fresh[0] })).body).toEqual({
      status: true,
      remaining: 9,
    });

    // No process logged a code, shown, spent or refused.
    const logs = replicas.map((replica) => replica.output()).join('\n');
    expect(logs).toContain('totp.recovery.spent');
    for (const code of [...codes, ...fresh]) {
      expect(logs).not.toContain(code);
      expect(logs).not.toContain(code.replace('-', ''));
    }
  });
});
