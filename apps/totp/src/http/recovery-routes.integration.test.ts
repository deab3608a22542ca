import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeaders,
  connectRedis,
  deletePrefix,
  postJson,
  startTestApp,
  uniquePrefix,
  type TestApp,
} from '../../test/support/harness.js';
import { parseOtpauthUri, type ParsedOtpauthUri } from '../otp/otpauth-uri.js';
import { totpCode } from '../otp/totp-engine.js';
import { recoveryAlphabet, recoveryCodeExpectation } from '../recovery/recovery-code.js';
import { RedisKeys } from '../store/redis-keys.js';

const prefix = uniquePrefix('recovery');
const keys = new RedisKeys(prefix);
let redis: Redis;
let app: TestApp;
let accounts = 0;

beforeAll(async () => {
  redis = await connectRedis();
  app = await startTestApp({
    prefix,
    redis,
    seed: false,
    // Lockouts are tested with their own accounts; the address limit stays out of the way.
    throttle: { subjectFailures: 3, addressFailures: 1_000, lockoutMs: 60_000 },
  });
});
afterAll(async () => {
  await app.close();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

const api = (path: string) => `${app.url}${path}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const grouped = new RegExp(`^[${recoveryAlphabet}]{5}-[${recoveryAlphabet}]{5}$`);

interface Enrolled {
  id: string;
  uri: ParsedOtpauthUri;
  codes: string[];
}

async function enroll(): Promise<Enrolled & { body: Record<string, unknown> }> {
  const id = `rec${++accounts}@example.com`;
  const response = await postJson(api('/accounts'), { account: id });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { otpauthUri: string; recoveryCodes: string[] };
  return { id, uri: parseOtpauthUri(body.otpauthUri), codes: body.recoveryCodes, body };
}

async function active(): Promise<Enrolled> {
  const enrolled = await enroll();
  const code = totpCode(enrolled.uri.secret, nowSeconds() - 30, enrolled.uri);
  const response = await postJson(api(`/accounts/${enrolled.id}/confirm`), { code });
  expect(await response.json()).toEqual({ status: true, state: 'active' });
  return enrolled;
}

const spend = (id: string, code: unknown, headers = authHeaders()) =>
  postJson(api(`/accounts/${id}/recovery`), { code }, headers);
const remaining = async (id: string) =>
  (
    (await (await fetch(api(`/accounts/${id}/recovery`), { headers: authHeaders() })).json()) as {
      remaining: number;
    }
  ).remaining;
const errorOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string; [detail: string]: unknown } }).error;

describe('recovery codes at enrollment', () => {
  it('come with the enrollment answer, ten distinct readable codes, stored only as keyed hashes', async () => {
    const { id, codes } = await enroll();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(grouped);
    const stored = await redis.smembers(keys.recovery(id));
    expect(stored).toHaveLength(10);
    const dump = JSON.stringify([stored, await redis.hgetall(keys.account(id))]);
    for (const code of codes) {
      expect(dump).not.toContain(code);
      expect(dump).not.toContain(code.replace('-', ''));
    }
  });

  it('are never shown again: not by GET, not by a reset', async () => {
    const { id, codes } = await active();
    const view = await (await fetch(api(`/accounts/${id}`), { headers: authHeaders() })).text();
    const reset = await (await postJson(api(`/accounts/${id}/reset`), {})).text();
    const count = await (await fetch(api(`/accounts/${id}/recovery`), { headers: authHeaders() })).text();
    for (const text of [view, reset, count]) {
      expect(text).not.toContain('recoveryCodes');
      for (const code of codes) expect(text).not.toContain(code);
    }
    expect(await remaining(id)).toBe(10); // a reset keeps the codes
  });

  it('of a pending enrollment enrolled again are replaced by the new set', async () => {
    const { id, codes: first } = await enroll();
    const again = (await (await postJson(api('/accounts'), { account: id })).json()) as {
      otpauthUri: string;
      recoveryCodes: string[];
    };
    const second = again.recoveryCodes;
    const uri = parseOtpauthUri(again.otpauthUri);
    const code = totpCode(uri.secret, nowSeconds(), uri);
    await postJson(api(`/accounts/${id}/confirm`), { code });
    expect(await (await spend(id, first[0])).json()).toEqual({ status: false, remaining: 10 });
    expect(await (await spend(id, second[0])).json()).toEqual({ status: true, remaining: 9 });
  });
});

describe('POST /accounts/:account/recovery (spend)', () => {
  it('accepts a code once, then refuses it; others still work', async () => {
    const { id, codes } = await active();
    const first = await spend(id, codes[0]);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(await first.json()).toEqual({ status: true, remaining: 9 });
    expect(await (await spend(id, codes[0])).json()).toEqual({ status: false, remaining: 9 });
    expect(await (await spend(id, codes[1])).json()).toEqual({ status: true, remaining: 8 });
    expect(await remaining(id)).toBe(8);
  });

  it('accepts a code typed in upper case, with spaces or without its hyphen', async () => {
    const { id, codes } = await active();
    const [a, b, c] = codes as [string, string, string];
    expect(await (await spend(id, a.toUpperCase())).json()).toMatchObject({ status: true });
    expect(await (await spend(id, ` ${b.replace('-', ' ')} `)).json()).toMatchObject({ status: true });
    expect(await (await spend(id, c.replace('-', ''))).json()).toMatchObject({ status: true });
    expect(await (await spend(id, a)).json()).toMatchObject({ status: false });
  });

  it('does not accept another account’s code', async () => {
    const alice = await active();
    const bob = await active();
    expect(await (await spend(bob.id, alice.codes[0])).json()).toEqual({ status: false, remaining: 10 });
    expect(await remaining(alice.id)).toBe(10);
  });

  it('answers a malformed code with 400 naming the field and what it expects, without counting it', async () => {
    const { id } = await active();
    for (const code of ['12345', 'abcde-fghj0', 'x'.repeat(100), 42]) {
      const response = await spend(id, code);
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error['issues']).toEqual([
        expect.objectContaining({
          path: 'code',
          ...(typeof code === 'string' ? { message: recoveryCodeExpectation } : {}),
        }),
      ]);
    }
    const text = await postJson(api(`/accounts/${id}/recovery`), 'not json', {
      ...authHeaders(),
      'content-type': 'text/plain',
    });
    expect(text.status).toBe(415);
    const broken = await fetch(api(`/accounts/${id}/recovery`), {
      method: 'POST',
      headers: { ...authHeaders(), 'content-type': 'application/json' },
      body: '{"code":',
    });
    expect(broken.status).toBe(400);
    // None of these was a failure: three wrong codes now lock, not fewer.
    for (let n = 0; n < 2; n += 1) expect((await spend(id, 'aaaaa-aaaaa')).status).toBe(200);
  });

  it('answers an unknown account with 404 ACCOUNT_NOT_FOUND and a bad id with 400', async () => {
    const response = await spend('nobody@example.com', 'abcde-fghjk');
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe('ACCOUNT_NOT_FOUND');
    const count = await fetch(api('/accounts/nobody@example.com/recovery'), { headers: authHeaders() });
    expect(count.status).toBe(404);
    expect((await errorOf(count)).code).toBe('ACCOUNT_NOT_FOUND');
    const regenerate = await postJson(api('/accounts/nobody@example.com/recovery/regenerate'), {});
    expect(regenerate.status).toBe(404);
    expect((await errorOf(regenerate)).code).toBe('ACCOUNT_NOT_FOUND');
    const badId = await spend('bad%20id', 'abcde-fghjk');
    expect(badId.status).toBe(400);
    expect((await errorOf(badId)).code).toBe('VALIDATION_FAILED');
  });

  it('needs an active account: 409 while pending or disabled, and a code is not used up by it', async () => {
    const pending = await enroll();
    const refused = await spend(pending.id, pending.codes[0]);
    expect(refused.status).toBe(409);
    expect(await errorOf(refused)).toMatchObject({
      code: 'ACCOUNT_STATE',
      state: 'pending',
      expected: 'active',
    });
    const { id, codes } = await active();
    await postJson(api(`/accounts/${id}/disable`), {});
    expect((await spend(id, codes[0])).status).toBe(409);
    await postJson(api(`/accounts/${id}/enable`), {});
    expect(await (await spend(id, codes[0])).json()).toEqual({ status: true, remaining: 9 });
  });

  it('needs the bearer token', async () => {
    const { id, codes } = await active();
    expect((await postJson(api(`/accounts/${id}/recovery`), { code: codes[0] }, {})).status).toBe(401);
    expect((await fetch(api(`/accounts/${id}/recovery`))).status).toBe(401);
    expect((await postJson(api(`/accounts/${id}/recovery/regenerate`), {}, {})).status).toBe(401);
    expect(await remaining(id)).toBe(10);
  });
});

describe('recovery throttling', () => {
  it('counts wrong recovery codes as failures: the account locks out, for recovery codes and TOTP codes alike', async () => {
    const { id, uri, codes } = await active();
    for (let n = 0; n < 3; n += 1)
      expect(await (await spend(id, 'aaaaa-aaaaa')).json()).toMatchObject({ status: false });
    const locked = await spend(id, codes[0]);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await errorOf(locked)).code).toBe('TOO_MANY_REQUESTS');
    const totp = await postJson(api(`/accounts/${id}/verify`), {
      code: totpCode(uri.secret, nowSeconds(), uri),
    });
    expect(totp.status).toBe(429);
    expect(await remaining(id)).toBe(10); // the good code was not spent while locked out
    const lockout = app.logs
      .entries()
      .find((entry) => entry['event'] === 'totp.lockout' && entry['subject'] === `account:${id}`);
    expect(lockout).toMatchObject({ scope: 'subject', lockout_s: 60 });
  });

  it('shares the count with TOTP codes: wrong TOTP codes lock recovery codes out', async () => {
    const { id, uri, codes } = await active();
    const wrong = String((Number(totpCode(uri.secret, nowSeconds(), uri)) + 500_000) % 1_000_000).padStart(
      6,
      '0',
    );
    for (let n = 0; n < 3; n += 1) await postJson(api(`/accounts/${id}/verify`), { code: wrong });
    expect((await spend(id, codes[0])).status).toBe(429);
  });

  it('throttles the end user’s address across accounts when the caller names it', async () => {
    const perAddress = uniquePrefix('recovery-address');
    const strict = await startTestApp({
      prefix: perAddress,
      redis,
      seed: false,
      throttle: { subjectFailures: 1_000, addressFailures: 2, lockoutMs: 60_000 },
    });
    try {
      const enrollThere = async (account: string) => {
        const body = (await (await postJson(`${strict.url}/accounts`, { account })).json()) as {
          otpauthUri: string;
          recoveryCodes: string[];
        };
        const uri = parseOtpauthUri(body.otpauthUri);
        await postJson(`${strict.url}/accounts/${account}/confirm`, {
          code: totpCode(uri.secret, nowSeconds(), uri),
        });
        return body.recoveryCodes;
      };
      await enrollThere('one@example.com');
      const codes = await enrollThere('two@example.com');
      const from = authHeaders({ 'x-end-user-address': '198.51.100.7' });
      const at = (account: string, code: string, headers = from) =>
        postJson(`${strict.url}/accounts/${account}/recovery`, { code }, headers);
      expect((await at('one@example.com', 'aaaaa-aaaaa')).status).toBe(200);
      expect((await at('one@example.com', 'aaaaa-aaaaa')).status).toBe(200);
      expect((await at('two@example.com', codes[0]!)).status).toBe(429);
      expect(await (await at('two@example.com', codes[0]!, authHeaders())).json()).toMatchObject({
        status: true,
      });
    } finally {
      await strict.close();
      await deletePrefix(redis, perAddress);
    }
  });

  it('a spent code clears the account’s failures, as an accepted TOTP code does', async () => {
    const { id, codes } = await active();
    await spend(id, 'aaaaa-aaaaa');
    await spend(id, 'aaaaa-aaaaa');
    expect(await (await spend(id, codes[0])).json()).toMatchObject({ status: true });
    await spend(id, 'aaaaa-aaaaa');
    await spend(id, 'aaaaa-aaaaa');
    expect(await (await spend(id, codes[1])).json()).toMatchObject({ status: true });
  });
});

describe('GET /accounts/:account/recovery and POST …/recovery/regenerate', () => {
  it('regenerates: a new set shown once, the old codes void at once, the count back to ten', async () => {
    const { id, codes: old } = await active();
    await spend(id, old[0]);
    expect(await remaining(id)).toBe(9);
    const response = await postJson(api(`/accounts/${id}/recovery/regenerate`), {});
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { recoveryCodes, remaining: left } = (await response.json()) as {
      recoveryCodes: string[];
      remaining: number;
    };
    expect(left).toBe(10);
    expect(recoveryCodes).toHaveLength(10);
    for (const code of recoveryCodes) expect(code).toMatch(grouped);
    expect(recoveryCodes.some((code) => old.includes(code))).toBe(false);
    expect(await remaining(id)).toBe(10);
    for (const code of old.slice(1, 3))
      expect(await (await spend(id, code)).json()).toMatchObject({ status: false });
    expect(await (await spend(id, recoveryCodes[0])).json()).toEqual({ status: true, remaining: 9 });
  });

  it('regenerates a pending account’s codes too, and counts them', async () => {
    const { id } = await enroll();
    expect(await remaining(id)).toBe(10);
    expect((await postJson(api(`/accounts/${id}/recovery/regenerate`), {})).status).toBe(200);
    expect(await remaining(id)).toBe(10);
  });

  it('reaches zero when every code is spent, and refuses from then on', async () => {
    const { id, codes } = await active();
    for (const [n, code] of codes.entries()) {
      expect(await (await spend(id, code)).json()).toEqual({ status: true, remaining: 9 - n });
    }
    expect(await remaining(id)).toBe(0);
    expect(await (await spend(id, codes[9])).json()).toEqual({ status: false, remaining: 0 });
  });

  it('forgets the codes with the account', async () => {
    const { id } = await active();
    expect(await redis.exists(keys.recovery(id))).toBe(1);
    expect((await fetch(api(`/accounts/${id}`), { method: 'DELETE', headers: authHeaders() })).status).toBe(
      204,
    );
    expect(await redis.exists(keys.recovery(id))).toBe(0);
  });
});

describe('recovery code secrecy in logs', () => {
  it('never logs a code, whether shown, spent, refused or regenerated', async () => {
    const { id, codes } = await active();
    await spend(id, codes[0]);
    await spend(id, codes[0]);
    await spend(id, codes[1]!.toUpperCase());
    const regenerated = (await (await postJson(api(`/accounts/${id}/recovery/regenerate`), {})).json()) as {
      recoveryCodes: string[];
    };
    const logged = app.logs.text();
    for (const code of [...codes, ...regenerated.recoveryCodes]) {
      expect(logged).not.toContain(code);
      expect(logged).not.toContain(code.replace('-', ''));
      expect(logged).not.toContain(code.toUpperCase());
    }
    expect(app.logs.entries().some((entry) => entry['event'] === 'totp.recovery.spent')).toBe(true);
    expect(app.logs.entries().some((entry) => entry['event'] === 'totp.recovery.regenerated')).toBe(true);
  });
});

describe('the browser client’s recovery routes', () => {
  it('spend, count and regenerate for the client account only, regenerating only for a valid TOTP code', async () => {
    const clientPrefix = uniquePrefix('recovery-client');
    const account = 'client@example.com';
    const client = await startTestApp({
      prefix: clientPrefix,
      redis,
      seed: false,
      browserClient: { account },
      throttle: { subjectFailures: 1_000, addressFailures: 1_000 },
    });
    try {
      const enrolled = (await (await postJson(`${client.url}/accounts`, { account })).json()) as {
        otpauthUri: string;
        recoveryCodes: string[];
      };
      const uri = parseOtpauthUri(enrolled.otpauthUri);
      await postJson(
        `${client.url}/client/verify`,
        { code: totpCode(uri.secret, nowSeconds() - 30, uri) },
        {},
      );
      const page = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
        body === undefined
          ? fetch(`${client.url}${path}`, { headers })
          : postJson(`${client.url}${path}`, body, headers);

      expect(await (await page('/client/recovery')).json()).toEqual({ available: true, remaining: 10 });
      const spent = await page('/client/recovery', { code: enrolled.recoveryCodes[0] });
      expect(spent.headers.get('cache-control')).toBe('no-store');
      expect(await spent.json()).toEqual({ status: true, remaining: 9 });
      expect(await (await page('/client/recovery', { code: enrolled.recoveryCodes[0] })).json()).toEqual({
        status: false,
        remaining: 9,
      });
      const malformed = await page('/client/recovery', { code: 'nope' });
      expect(malformed.status).toBe(400);
      expect((await errorOf(malformed))['issues']).toEqual([
        { path: 'code', message: recoveryCodeExpectation },
      ]);

      // Another site can neither spend nor regenerate.
      const crossSite = await page(
        '/client/recovery',
        { code: enrolled.recoveryCodes[1] },
        {
          'sec-fetch-site': 'cross-site',
        },
      );
      expect(crossSite.status).toBe(403);
      expect((await errorOf(crossSite)).code).toBe('CROSS_ORIGIN');

      // Regenerating needs a valid TOTP code; a wrong one gives no codes.
      const wrong = String((Number(totpCode(uri.secret, nowSeconds(), uri)) + 500_000) % 1_000_000).padStart(
        6,
        '0',
      );
      const refused = await page('/client/recovery/regenerate', { code: wrong });
      expect(await refused.json()).toEqual({ status: false });
      expect(await (await page('/client/recovery')).json()).toEqual({ available: true, remaining: 9 });
      const current = totpCode(uri.secret, nowSeconds(), uri);
      const made = await page('/client/recovery/regenerate', { code: current });
      const body = (await made.json()) as { status: boolean; recoveryCodes: string[]; remaining: number };
      expect(body).toMatchObject({ status: true, remaining: 10 });
      expect(body.recoveryCodes).toHaveLength(10);
      expect(
        await (await page('/client/recovery', { code: enrolled.recoveryCodes[1] })).json(),
      ).toMatchObject({
        status: false,
      });
      // The same TOTP code again is a replay: no second set.
      const replayed = await page('/client/recovery/regenerate', { code: current });
      expect(await replayed.json()).toEqual({ status: false });
    } finally {
      await client.close();
      await deletePrefix(redis, clientPrefix);
    }
  });

  it('do not exist for the seed secret: the page is told so, spending is 404 NOT_CONFIGURED', async () => {
    const seedPrefix = uniquePrefix('recovery-seed');
    const client = await startTestApp({ prefix: seedPrefix, redis, browserClient: 'seed' });
    try {
      expect(await (await fetch(`${client.url}/client/recovery`)).json()).toEqual({ available: false });
      for (const response of [
        await postJson(`${client.url}/client/recovery`, { code: 'abcde-fghjk' }, {}),
        await postJson(`${client.url}/client/recovery/regenerate`, { code: '123456' }, {}),
      ]) {
        expect(response.status).toBe(404);
        expect((await errorOf(response)).code).toBe('NOT_CONFIGURED');
      }
    } finally {
      await client.close();
      await deletePrefix(redis, seedPrefix);
    }
  });
});

describe('recovery code metrics', () => {
  const sample = async (outcome: string) => {
    const text = await (await fetch(api('/metrics'))).text();
    const series = `totp_verifications_total{outcome="${outcome}"} `;
    const line = text.split('\n').find((entry) => entry.startsWith(series));
    return { value: line === undefined ? 0 : Number(line.slice(series.length)), text };
  };

  it('count spends as recovery_accepted and recovery_rejected, never naming a code', async () => {
    const { id, codes } = await active();
    const before = {
      accepted: (await sample('recovery_accepted')).value,
      rejected: (await sample('recovery_rejected')).value,
    };
    expect((await spend(id, codes[0])).status).toBe(200);
    expect((await spend(id, codes[0])).status).toBe(200); // refused: already spent
    const accepted = await sample('recovery_accepted');
    const rejected = await sample('recovery_rejected');
    expect(accepted.value - before.accepted).toBe(1);
    expect(rejected.value - before.rejected).toBe(1);
    for (const code of codes) expect(rejected.text).not.toContain(code);
  });
});
