// The browser client driven in real headless Chromium (Debian's package, through playwright-core).
import type { Redis } from 'ioredis';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../src/otp/totp-engine.js';
import { defaultOtpParameters } from '../src/otp/otp-parameters.js';
import {
  connectRedis,
  deletePrefix,
  seedSecret,
  startTestApp,
  uniquePrefix,
  type TestApp,
} from './support/harness.js';

const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const prefix = uniquePrefix('browser');
let redis: Redis;
let app: TestApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  redis = await connectRedis();
  app = await startTestApp({
    prefix,
    redis,
    browserClient: 'seed',
    throttle: { subjectFailures: 3, addressFailures: 100, lockoutMs: 30_000 },
  });
  browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});
afterEach(async () => {
  await page?.close();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

const currentCode = () => totpCode(seedSecret, Math.floor(Date.now() / 1000), defaultOtpParameters);

async function openClient(): Promise<Page> {
  page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(app.url);
  await page.waitForSelector('#validate');
  expect(errors).toEqual([]); // no CSP violation or script error while loading
  return page;
}

/** Types a code, presses Validate and returns the toast of that press (an earlier toast is cleared first). */
async function validate(code: string): Promise<string> {
  // A string, because the test is compiled without the DOM's types.
  await page.evaluate(
    "{ const toast = document.getElementById('toast'); toast.hidden = true; toast.textContent = ''; }",
  );
  await page.fill('#code', code);
  await page.click('#validate');
  const toast = page.locator('#toast:not([hidden])');
  await toast.waitFor({ state: 'visible' });
  return (await toast.textContent()) ?? '';
}

describe('browser client', () => {
  it('keeps Validate disabled while the input is empty', async () => {
    await openClient();
    const button = page.locator('#validate');
    expect(await button.isDisabled()).toBe(true);
    await page.fill('#code', '1');
    expect(await button.isDisabled()).toBe(false);
    await page.fill('#code', '');
    expect(await button.isDisabled()).toBe(true);
    await page.fill('#code', '   ');
    expect(await button.isDisabled()).toBe(true);
  });

  it('shows OK for a valid code, Not valid code when it is typed again, each for two seconds', async () => {
    await openClient();
    const code = currentCode();
    expect(await validate(code)).toBe('OK');
    const shownAt = Date.now();
    await page.locator('#toast').waitFor({ state: 'hidden', timeout: 4_000 });
    const shownFor = Date.now() - shownAt;
    expect(shownFor).toBeGreaterThan(1_500);
    expect(shownFor).toBeLessThan(3_500);
    expect(await validate(code)).toBe('Not valid code');
  });

  it('shows a lockout as such, with its wait, not as a wrong code', async () => {
    await openClient();
    const nextStep = totpCode(seedSecret, Math.floor(Date.now() / 1000) + 30, defaultOtpParameters);
    expect(await validate(nextStep)).toBe('OK'); // a success clears the earlier tests' failures
    const wrong = String((Number(currentCode()) + 500_000) % 1_000_000).padStart(6, '0');
    for (let attempt = 0; attempt < 3; attempt += 1) expect(await validate(wrong)).toBe('Not valid code');
    expect(await validate(currentCode())).toMatch(/^Too many attempts: try again in \d+ s$/);
  });

  it('shows 401 and network failures as such', async () => {
    await openClient();
    await page.route('**/client/verify', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: '{"error":{"code":"UNAUTHORIZED"}}',
      }),
    );
    expect(await validate('123456')).toBe('Not authorized (401)');
    await page.unroute('**/client/verify');
    await page.route('**/client/verify', (route) => route.abort('connectionrefused'));
    expect(await validate('123456')).toBe('Network error: the server cannot be reached');
  });
});
