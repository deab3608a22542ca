// Two app instances with their own Redis clients behave like two replicas behind a load balancer.
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

const prefix = uniquePrefix('replicas');
let redis: Redis;
let replicas: TestApp[];

beforeAll(async () => {
  redis = await connectRedis();
  replicas = await Promise.all(
    [0, 1].map(() => startTestApp({ prefix, throttle: { subjectFailures: 1_000, addressFailures: 1_000 } })),
  );
});
afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.close()));
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

const check = async (replica: TestApp, code: string) =>
  (
    (await (await fetch(`${replica.url}/check/${code}`, { headers: authHeaders() })).json()) as {
      status: boolean;
    }
  ).status;

describe('replay across replicas', () => {
  it('accepts a code exactly once when both replicas receive it many times at once', async () => {
    const now = Math.floor(Date.now() / 1000);
    // Steps ahead of now are refused by the ±1 window, so the rounds walk back from the next step.
    for (const step of [1, 0, -1]) {
      const code = totpCode(seedSecret, now + step * 30, defaultOtpParameters);
      // Eight requests per replica, interleaved, all in flight together.
      const verdicts = await Promise.all(Array.from({ length: 16 }, (_, n) => check(replicas[n % 2]!, code)));
      expect(verdicts.filter(Boolean)).toHaveLength(step === 1 ? 1 : 0);
    }
  });

  it('shares the lockout: failures on one replica lock the subject on the other', async () => {
    const shared = uniquePrefix('replicas-lockout');
    const throttle = { subjectFailures: 3, addressFailures: 1_000 };
    const [first, second] = await Promise.all(
      [0, 1].map(() => startTestApp({ prefix: shared, redis, throttle })),
    );
    try {
      const now = Math.floor(Date.now() / 1000);
      const wrong = String((Number(totpCode(seedSecret, now, defaultOtpParameters)) + 1) % 1e6).padStart(
        6,
        '0',
      );
      for (let n = 0; n < 3; n += 1) expect(await check(first!, wrong)).toBe(false);
      const response = await fetch(`${second!.url}/check/${wrong}`, { headers: authHeaders() });
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await Promise.all([first?.close(), second?.close()]);
      await deletePrefix(redis, shared);
    }
  });
});
