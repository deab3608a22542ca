import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeaders,
  bearer,
  connectRedis,
  deletePrefix,
  postJson,
  startTestApp,
  uniquePrefix,
  type TestApp,
} from '../../test/support/harness.js';
import { totpCode } from '../otp/totp-engine.js';
import { defaultOtpParameters } from '../otp/otp-parameters.js';
import { base32Decode } from '../otp/base32.js';

const prefix = uniquePrefix('provisioning');
let redis: Redis;
const apps: TestApp[] = [];

beforeAll(async () => {
  redis = await connectRedis();
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

async function start(options: Partial<Parameters<typeof startTestApp>[0]>): Promise<TestApp> {
  const app = await startTestApp({ prefix, redis, ...options });
  apps.push(app);
  return app;
}

describe('GET /provisioning', () => {
  it('is refused without the bearer token unless opened for local enrollment', async () => {
    const app = await start({});
    const refused = await fetch(`${app.url}/provisioning`);
    expect(refused.status).toBe(401);
    expect(await refused.text()).not.toContain('otpauth');
  });

  it('shows the seed secret’s QR code after bearer authentication, without the token in the page', async () => {
    const app = await start({});
    const response = await fetch(`${app.url}/provisioning`, { headers: authHeaders() });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toMatch(/<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(html).toContain('seed@example.com');
    expect(html).toContain('GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ');
    expect(html).not.toContain(bearer);
    expect(html).not.toMatch(/<script/i);
  });

  it('opened for local enrollment, shows the client account’s pending enrollment, then refuses once confirmed', async () => {
    const account = 'demo@localhost';
    const app = await start({ seed: false, provisioning: 'open', browserClient: { account } });
    const first = await (await fetch(`${app.url}/provisioning`)).text();
    const again = await (await fetch(`${app.url}/provisioning`)).text();
    const key = /id="manual-key">([A-Z2-7 ]+)</.exec(first)?.[1]?.replaceAll(' ', '') ?? '';
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    expect(again).toContain(/id="manual-key">([A-Z2-7 ]+)</.exec(first)?.[1]); // same pending secret

    const code = totpCode(base32Decode(key), Math.floor(Date.now() / 1000), defaultOtpParameters);
    const confirm = await postJson(`${app.url}/client/verify`, { code }, {});
    expect(await confirm.json()).toEqual({ status: true });
    const after = await fetch(`${app.url}/provisioning`);
    expect(after.status).toBe(409);
    expect(await after.text()).not.toContain(key);
  });
});

describe('POST /client/verify', () => {
  it('checks the configured target without a bearer token and refuses other sites', async () => {
    const app = await start({ browserClient: 'seed', prefix: uniquePrefix('client') });
    const code = totpCode(
      new TextEncoder().encode('12345678901234567890'),
      Math.floor(Date.now() / 1000),
      defaultOtpParameters,
    );
    const crossSite = await postJson(
      `${app.url}/client/verify`,
      { code },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.status).toBe(403);
    expect(((await crossSite.json()) as { error: { code: string } }).error.code).toBe('CROSS_ORIGIN');
    const fetchSite = await postJson(
      `${app.url}/client/verify`,
      { code },
      { 'sec-fetch-site': 'cross-site' },
    );
    expect(fetchSite.status).toBe(403);

    const host = new URL(app.url).host;
    const ok = await postJson(
      `${app.url}/client/verify`,
      { code },
      { origin: `http://${host}`, 'sec-fetch-site': 'same-origin' },
    );
    expect(await ok.json()).toEqual({ status: true });
    const replay = await postJson(`${app.url}/client/verify`, { code }, { origin: `http://${host}` });
    expect(await replay.json()).toEqual({ status: false });
  });

  it('does not exist when the browser client is off', async () => {
    const app = await start({});
    expect((await postJson(`${app.url}/client/verify`, { code: '123456' }, {})).status).toBe(404);
    expect((await fetch(`${app.url}/`)).status).toBe(404);
  });
});
