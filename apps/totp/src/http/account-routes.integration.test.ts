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
import { RedisKeys } from '../store/redis-keys.js';

const prefix = uniquePrefix('accounts');
let redis: Redis;
let app: TestApp;
let accounts = 0;

interface EnrollBody {
  account: string;
  state: string;
  otpauthUri: string;
  qrCode: { contentType: string; data: string };
  [key: string]: unknown;
}

beforeAll(async () => {
  redis = await connectRedis();
  app = await startTestApp({ prefix, redis, seed: false });
});
afterAll(async () => {
  await app.close();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

const api = (path: string) => `${app.url}${path}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const codeFor = (uri: ParsedOtpauthUri, seconds = nowSeconds()) => totpCode(uri.secret, seconds, uri);

async function enroll(
  extra: Record<string, unknown> = {},
): Promise<{ id: string; body: EnrollBody; uri: ParsedOtpauthUri }> {
  const id = `user${++accounts}@example.com`;
  const response = await postJson(api('/accounts'), { account: id, ...extra });
  expect(response.status).toBe(201);
  const body = (await response.json()) as EnrollBody;
  return { id, body, uri: parseOtpauthUri(body.otpauthUri) };
}

async function confirmed(): Promise<{ id: string; uri: ParsedOtpauthUri }> {
  const { id, uri } = await enroll();
  const response = await postJson(api(`/accounts/${id}/confirm`), { code: codeFor(uri, nowSeconds() - 30) });
  expect(await response.json()).toEqual({ status: true, state: 'active' });
  return { id, uri };
}

describe('POST /accounts (enroll)', () => {
  it('creates a pending account with a 160-bit secret, its otpauth URI and an SVG QR code', async () => {
    const { id, body, uri } = await enroll();
    expect(body).toMatchObject({ account: id, state: 'pending', algorithm: 'sha1', digits: 6, period: 30 });
    expect(uri).toMatchObject({
      issuer: 'TOTP Example',
      account: id,
      algorithm: 'sha1',
      digits: 6,
      period: 30,
    });
    expect(uri.secret).toHaveLength(20);
    expect(body.qrCode.contentType).toBe('image/svg+xml');
    expect(body.qrCode.data).toMatch(/^<svg /);
  });

  it('takes algorithm, digits, period and a PNG QR code per account', async () => {
    const { body, uri } = await enroll({ algorithm: 'sha512', digits: 8, period: 60, qr: 'png' });
    expect(uri).toMatchObject({ algorithm: 'sha512', digits: 8, period: 60 });
    expect(uri.secret).toHaveLength(64);
    expect(body.qrCode.data).toMatch(/^data:image\/png;base64,/);
  });

  it('stores the secret encrypted: neither its bytes nor its Base32 are in Redis', async () => {
    const { id, body, uri } = await enroll();
    const secretB32 = new URL(body.otpauthUri).searchParams.get('secret') ?? '';
    const stored = await redis.hgetallBuffer(new RedisKeys(prefix).account(id));
    const raw = Buffer.concat(
      Object.entries(stored).flatMap(([field, value]) => [Buffer.from(field), value]),
    );
    const secret = Buffer.from(uri.secret);
    expect(raw.includes(secret)).toBe(false);
    for (const text of [
      secretB32,
      secret.toString('hex'),
      secret.toString('base64'),
      secret.toString('base64url'),
    ]) {
      expect(raw.toString('latin1')).not.toContain(text);
    }
    expect(stored['secret']?.toString()).toMatch(/^v1\./);
  });

  it('refuses a bad body with 400 naming each field', async () => {
    const response = await postJson(api('/accounts'), {
      account: 'bad id!',
      digits: 9,
      period: 'x',
      extra: 1,
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.issues.map((issue) => issue.path).sort()).toEqual(['', 'account', 'digits', 'period']);
  });

  it('needs the bearer token', async () => {
    const response = await postJson(api('/accounts'), { account: 'x@example.com' }, {});
    expect(response.status).toBe(401);
  });
});

describe('POST /accounts/:account/confirm', () => {
  it('activates a pending account with a first valid code, then never shows the secret again', async () => {
    const { id, uri, body: enrolled } = await enroll();
    const wrong = await postJson(api(`/accounts/${id}/confirm`), {
      code: '000000' === codeFor(uri) ? '111111' : '000000',
    });
    expect(await wrong.json()).toEqual({ status: false, state: 'pending' });
    const right = await postJson(api(`/accounts/${id}/confirm`), { code: codeFor(uri) });
    expect(await right.json()).toEqual({ status: true, state: 'active' });

    const shown = await fetch(api(`/accounts/${id}`), { headers: authHeaders() });
    const view = (await shown.json()) as Record<string, unknown>;
    expect(view).toMatchObject({ account: id, state: 'active' });
    expect(view['confirmedAt']).toEqual(expect.any(String));
    const secretB32 = new URL(enrolled.otpauthUri).searchParams.get('secret') ?? '';
    expect(JSON.stringify(view)).not.toContain(secretB32);
    expect(Object.keys(view)).not.toContain('otpauthUri');

    const again = await postJson(api('/accounts'), { account: id });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('ACCOUNT_STATE');
  });

  it('re-enrolling a pending account replaces its secret', async () => {
    const { id, uri: first } = await enroll();
    const response = await postJson(api('/accounts'), { account: id });
    const second = parseOtpauthUri(((await response.json()) as EnrollBody).otpauthUri);
    expect(Buffer.from(second.secret).equals(Buffer.from(first.secret))).toBe(false);
    const stale = await postJson(api(`/accounts/${id}/confirm`), { code: codeFor(first) });
    expect(((await stale.json()) as { status: boolean }).status).toBe(codeFor(first) === codeFor(second));
  });
});

describe('POST /accounts/:account/verify', () => {
  it('accepts a valid code once, refusing the replay', async () => {
    const { id, uri } = await confirmed();
    const code = codeFor(uri);
    expect(await (await postJson(api(`/accounts/${id}/verify`), { code })).json()).toEqual({ status: true });
    expect(await (await postJson(api(`/accounts/${id}/verify`), { code })).json()).toEqual({ status: false });
  });

  it('answers 404 for an unknown account and 409 for a pending one', async () => {
    const missing = await postJson(api('/accounts/nobody@example.com/verify'), { code: '123456' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('ACCOUNT_NOT_FOUND');
    const { id } = await enroll();
    const pending = await postJson(api(`/accounts/${id}/verify`), { code: '123456' });
    expect(pending.status).toBe(409);
    expect(((await pending.json()) as { error: { state: string } }).error.state).toBe('pending');
  });

  it('answers 415 for a body that is not JSON', async () => {
    const { id } = await confirmed();
    const response = await fetch(api(`/accounts/${id}/verify`), {
      method: 'POST',
      headers: authHeaders({ 'content-type': 'text/plain' }),
      body: 'code=123456',
    });
    expect(response.status).toBe(415);
  });
});

describe('disable, enable, reset and delete', () => {
  it('a disabled account refuses codes until enabled again', async () => {
    const { id, uri } = await confirmed();
    const disabled = await postJson(api(`/accounts/${id}/disable`), {});
    expect(await disabled.json()).toMatchObject({ state: 'disabled' });
    const refused = await postJson(api(`/accounts/${id}/verify`), { code: codeFor(uri) });
    expect(refused.status).toBe(409);
    const enabled = await postJson(api(`/accounts/${id}/enable`), {});
    expect(await enabled.json()).toMatchObject({ state: 'active' });
    expect(await (await postJson(api(`/accounts/${id}/verify`), { code: codeFor(uri) })).json()).toEqual({
      status: true,
    });
  });

  it('reset gives a new pending secret that must be confirmed; the old one stops working', async () => {
    const { id, uri: old } = await confirmed();
    const response = await postJson(api(`/accounts/${id}/reset`), { digits: 8 });
    expect(response.status).toBe(200);
    const body = (await response.json()) as EnrollBody;
    expect(body).toMatchObject({ state: 'pending', digits: 8, algorithm: 'sha1' });
    const fresh = parseOtpauthUri(body.otpauthUri);
    expect(Buffer.from(fresh.secret).equals(Buffer.from(old.secret))).toBe(false);
    expect(
      (await postJson(api(`/accounts/${id}/verify`), { code: codeFor(old, nowSeconds() + 30) })).status,
    ).toBe(409);
    const confirm = await postJson(api(`/accounts/${id}/confirm`), {
      code: codeFor(fresh, nowSeconds() + 30),
    });
    expect(await confirm.json()).toEqual({ status: true, state: 'active' });
  });

  it('delete removes the account', async () => {
    const { id } = await confirmed();
    const response = await fetch(api(`/accounts/${id}`), { method: 'DELETE', headers: authHeaders() });
    expect(response.status).toBe(204);
    expect((await fetch(api(`/accounts/${id}`), { headers: authHeaders() })).status).toBe(404);
    expect((await fetch(api(`/accounts/${id}`), { method: 'DELETE', headers: authHeaders() })).status).toBe(
      404,
    );
  });
});

describe('secrets and logs', () => {
  it('writes no secret, otpauth URI or bearer token to the logs', async () => {
    const { body } = await enroll();
    const secretB32 = new URL(body.otpauthUri).searchParams.get('secret') ?? '';
    const text = app.logs.text();
    expect(text).toContain('totp.account.enroll');
    expect(text).not.toContain(secretB32);
    expect(text).not.toContain('otpauth://');
    expect(text).not.toContain('test-bearer-token');
  });
});

describe('throttling of a server-side caller', () => {
  /** A code that matches none of the steps the server accepts now. */
  function wrongCode(uri: ParsedOtpauthUri): string {
    const near = new Set([-30, 0, 30].map((offset) => codeFor(uri, nowSeconds() + offset)));
    for (let n = 0; ; n += 1) {
      const code = String(n).padStart(uri.digits, '0');
      if (!near.has(code)) return code;
    }
  }

  async function failSixTimes(headers: Record<string, string>): Promise<number[]> {
    const { id, uri } = await confirmed();
    const statuses: number[] = [];
    for (let n = 0; n < 6; n += 1) {
      const response = await postJson(api(`/accounts/${id}/verify`), { code: wrongCode(uri) }, headers);
      statuses.push(response.status);
    }
    return statuses;
  }

  it("does not lock every user out behind the caller's address: failures count per account", async () => {
    // Four users fail six codes each through the one caller: 20 failures from one address.
    for (let user = 0; user < 4; user += 1) {
      expect(await failSixTimes(authHeaders())).toEqual([200, 200, 200, 200, 200, 429]);
    }
    // A fresh user's correct code is still accepted.
    const { id, uri } = await enroll();
    const response = await postJson(api(`/accounts/${id}/confirm`), { code: codeFor(uri) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: true, state: 'active' });
  });

  it('throttles an end-user address the caller passes in X-End-User-Address, across accounts', async () => {
    const attacker = authHeaders({ 'x-end-user-address': '198.51.100.7' });
    for (let user = 0; user < 4; user += 1) await failSixTimes(attacker);
    expect(app.logs.find((entry) => entry['scope'] === 'address')).toMatchObject({
      event: 'totp.lockout',
      'client.address': '198.51.100.7',
    });

    const { id, uri } = await enroll();
    const code = codeFor(uri);
    const locked = await postJson(api(`/accounts/${id}/confirm`), { code }, attacker);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The same address written another way is the same end user.
    const mapped = authHeaders({ 'x-end-user-address': '::ffff:198.51.100.7' });
    expect((await postJson(api(`/accounts/${id}/confirm`), { code }, mapped)).status).toBe(429);
    // A value that is not one address is ignored; another end user is not locked out.
    const list = authHeaders({ 'x-end-user-address': '198.51.100.7, 203.0.113.9' });
    expect(await (await postJson(api(`/accounts/${id}/confirm`), { code }, list)).json()).toEqual({
      status: true,
      state: 'active',
    });
  });
});
