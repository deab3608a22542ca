import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, deletePrefix, uniquePrefix } from '../../test/support/harness.js';
import { AttemptLedger } from './attempt-ledger.js';
import { RedisKeys } from './redis-keys.js';

const prefix = uniquePrefix('ledger');
let redis: Redis;
let ledger: AttemptLedger;
let subjects = 0;
const periodMs = 30_000;
const t0 = 1_700_000_000_000;

beforeAll(async () => {
  redis = await connectRedis();
  ledger = new AttemptLedger({
    redis,
    keys: new RedisKeys(prefix),
    policy: {
      subjectFailures: 3,
      addressFailures: 5,
      lockoutMs: 10_000,
      maxLockoutMs: 25_000,
      windowMs: 60_000,
    },
  });
});
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

const fresh = () => `subject-${++subjects}`;
const fail = (subject: string, nowMs: number, address = '10.0.0.1') =>
  ledger.attempt({ subject, address, step: undefined, nowMs, periodMs });
const failWithoutAddress = (subject: string, nowMs: number) =>
  ledger.attempt({ subject, address: undefined, step: undefined, nowMs, periodMs });

describe('AttemptLedger', () => {
  it('accepts a step once, then refuses it and every earlier step', async () => {
    const subject = fresh();
    const at = (step: number) => ledger.attempt({ subject, address: '10.0.0.9', step, nowMs: t0, periodMs });
    expect(await at(100)).toEqual({ outcome: 'accepted' });
    expect((await at(100)).outcome).toBe('replayed');
    expect((await at(99)).outcome).toBe('replayed');
    expect(await at(101)).toEqual({ outcome: 'accepted' });
  });

  it('locks a subject out after the failure limit, for longer each time, capped', async () => {
    const subject = fresh();
    const address = (n: number) => `10.1.0.${n}`; // distinct addresses: only the subject limit applies
    expect(await fail(subject, t0, address(1))).toMatchObject({ outcome: 'rejected', subjectLockoutMs: 0 });
    await fail(subject, t0, address(2));
    expect(await fail(subject, t0, address(3))).toMatchObject({
      outcome: 'rejected',
      subjectLockoutMs: 10_000,
    });
    expect(await fail(subject, t0 + 4_000, address(4))).toEqual({ outcome: 'locked', retryAfterMs: 6_000 });
    // After the lockout: three more failures lock for twice as long, then the cap.
    for (const n of [5, 6]) await fail(subject, t0 + 10_000, address(n));
    expect(await fail(subject, t0 + 10_000, address(7))).toMatchObject({ subjectLockoutMs: 20_000 });
    for (const n of [8, 9]) await fail(subject, t0 + 30_000, address(n));
    expect(await fail(subject, t0 + 30_000, address(10))).toMatchObject({ subjectLockoutMs: 25_000 });
  });

  it('locks a client address out across subjects', async () => {
    const address = '192.0.2.77';
    for (let n = 0; n < 4; n += 1) expect((await fail(fresh(), t0, address)).outcome).toBe('rejected');
    expect(await fail(fresh(), t0, address)).toMatchObject({ addressLockoutMs: 10_000 });
    expect(await ledger.attempt({ subject: fresh(), address, step: 5, nowMs: t0 + 1, periodMs })).toEqual({
      outcome: 'locked',
      retryAfterMs: 9_999,
    });
  });

  it('without an address throttles the subject only: any number of subjects may fail', async () => {
    for (let n = 0; n < 10; n += 1) {
      const subject = fresh();
      for (let k = 0; k < 2; k += 1) expect((await failWithoutAddress(subject, t0)).outcome).toBe('rejected');
    }
    const subject = fresh();
    expect(await ledger.attempt({ subject, address: undefined, step: 5, nowMs: t0, periodMs })).toEqual({
      outcome: 'accepted',
    });
    for (let k = 0; k < 2; k += 1) await failWithoutAddress(subject, t0);
    expect(await failWithoutAddress(subject, t0)).toEqual({
      outcome: 'rejected',
      subjectLockoutMs: 10_000,
      addressLockoutMs: 0,
    });
    expect(await failWithoutAddress(subject, t0 + 1)).toEqual({ outcome: 'locked', retryAfterMs: 9_999 });
  });

  it('refuses even a valid code while locked out, without using up its step', async () => {
    const subject = fresh();
    for (let n = 0; n < 3; n += 1) await fail(subject, t0, `10.2.0.${n}`);
    const during = await ledger.attempt({ subject, address: '10.2.1.1', step: 7, nowMs: t0 + 1, periodMs });
    expect(during.outcome).toBe('locked');
    const after = await ledger.attempt({
      subject,
      address: '10.2.1.1',
      step: 7,
      nowMs: t0 + 10_000,
      periodMs,
    });
    expect(after).toEqual({ outcome: 'accepted' });
  });

  it('forgets failures once an accepted code proves the subject', async () => {
    const subject = fresh();
    await fail(subject, t0, '10.3.0.1');
    await fail(subject, t0, '10.3.0.2');
    expect(await ledger.attempt({ subject, address: '10.3.0.3', step: 1, nowMs: t0, periodMs })).toEqual({
      outcome: 'accepted',
    });
    expect(await fail(subject, t0, '10.3.0.4')).toMatchObject({ subjectLockoutMs: 0 });
    expect(await fail(subject, t0, '10.3.0.5')).toMatchObject({ subjectLockoutMs: 0 });
  });

  it('keeps its keys bounded in time', async () => {
    const subject = fresh();
    await ledger.attempt({ subject, address: '10.4.0.1', step: 3, nowMs: t0, periodMs });
    await fail(subject, t0, '10.4.0.1');
    const keys = new RedisKeys(prefix);
    const lastTtl = await redis.pttl(keys.lastStep(subject));
    expect(lastTtl).toBeGreaterThan(0);
    expect(lastTtl).toBeLessThanOrEqual(4 * periodMs);
    expect(await redis.pttl(keys.subjectThrottle(subject))).toBeGreaterThan(0);
    expect(await redis.pttl(keys.addressThrottle('10.4.0.1'))).toBeGreaterThan(0);
  });
});
