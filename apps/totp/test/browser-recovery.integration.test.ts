// Recovery codes in real headless Chromium: enroll on the provisioning page (codes shown once, with
// a warning), confirm with the app's code, spend a recovery code on the client page, regenerate.
import type { Redis } from 'ioredis';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode } from '../src/otp/base32.js';
import { defaultOtpParameters } from '../src/otp/otp-parameters.js';
import { totpCode } from '../src/otp/totp-engine.js';
import { recoveryAlphabet } from '../src/recovery/recovery-code.js';
import { connectRedis, deletePrefix, startTestApp, uniquePrefix, type TestApp } from './support/harness.js';

const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const prefix = uniquePrefix('browser-recovery');
const grouped = new RegExp(`^[${recoveryAlphabet}]{5}-[${recoveryAlphabet}]{5}$`);
let redis: Redis;
let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  redis = await connectRedis();
  app = await startTestApp({
    prefix,
    redis,
    seed: false,
    provisioning: 'open',
    browserClient: { account: 'demo@localhost' },
  });
  browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { page, errors };
}

/** Submits with a button and returns the toast of that press (an earlier toast is cleared first). */
async function press(page: Page, button: string): Promise<string> {
  await page.evaluate(
    "{ const toast = document.getElementById('toast'); toast.hidden = true; toast.textContent = ''; }",
  );
  await page.click(button);
  const toast = page.locator('#toast:not([hidden])');
  await toast.waitFor({ state: 'visible' });
  return (await toast.textContent()) ?? '';
}

const codeOf = (key: Uint8Array, offsetSteps = 0) =>
  totpCode(key, Math.floor(Date.now() / 1000) + offsetSteps * 30, defaultOtpParameters);

describe('recovery codes in the browser', () => {
  it('shows the codes once at enrollment, then spends one and regenerates from the client page', async () => {
    // Enrollment: the provisioning page shows the key and the codes, with a warning.
    const { page: provisioning } = await newPage();
    await provisioning.goto(`${app.url}/provisioning`);
    const codes = (await provisioning.locator('#recovery-codes li').allTextContents()).map((text) =>
      text.trim(),
    );
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(grouped);
    expect(await provisioning.locator('#recovery .warning').textContent()).toContain('shown only this once');
    const key = base32Decode(
      ((await provisioning.locator('#manual-key').textContent()) ?? '').replaceAll(' ', ''),
    );
    // A second visit shows the same pending secret, but never the codes again.
    await provisioning.reload();
    expect(await provisioning.locator('#recovery-codes li').count()).toBe(0);
    expect(await provisioning.locator('#recovery').textContent()).toContain('cannot be shown again');
    expect(await provisioning.content()).not.toContain(codes[0]!);
    await provisioning.close();

    // The client page: confirm with the app's code; the recovery section shows ten codes left.
    const { page, errors } = await newPage();
    await page.goto(app.url);
    await page.waitForSelector('#recovery:not([hidden])');
    expect(errors).toEqual([]);
    expect(await page.locator('#recovery-remaining').textContent()).toBe('Recovery codes left: 10');
    expect(await page.locator('#recovery-use').isDisabled()).toBe(true);
    await page.fill('#code', codeOf(key));
    expect(await press(page, '#validate')).toBe('OK');

    // Use a recovery code: accepted once (typed in capitals), refused the second time.
    await page.fill('#recovery-code', codes[0]!.toUpperCase());
    expect(await page.locator('#recovery-use').isDisabled()).toBe(false);
    expect(await press(page, '#recovery-use')).toBe('OK: recovery code accepted');
    expect(await page.locator('#recovery-remaining').textContent()).toBe('Recovery codes left: 9');
    await page.fill('#recovery-code', codes[0]!);
    expect(await press(page, '#recovery-use')).toBe('Not valid recovery code');
    await page.fill('#recovery-code', 'not-a-code');
    expect(await press(page, '#recovery-use')).toMatch(/^Invalid input: a recovery code is/);

    // Regenerate: needs a current code, shows the new set with a warning, the old codes stop working.
    await page.fill('#code', '');
    expect(await page.locator('#regenerate').isDisabled()).toBe(true);
    await page.fill('#code', codeOf(key, 1)); // the next step: the current one was used to confirm
    expect(await press(page, '#regenerate')).toBe('New recovery codes made: save them now');
    const fresh = (await page.locator('#new-codes-list li').allTextContents()).map((text) => text.trim());
    expect(fresh).toHaveLength(10);
    for (const code of fresh) expect(code).toMatch(grouped);
    expect(await page.locator('#new-codes .warning').isVisible()).toBe(true);
    expect(await page.locator('#recovery-remaining').textContent()).toBe('Recovery codes left: 10');
    await page.fill('#recovery-code', codes[1]!);
    expect(await press(page, '#recovery-use')).toBe('Not valid recovery code');
    await page.fill('#recovery-code', fresh[0]!);
    expect(await press(page, '#recovery-use')).toBe('OK: recovery code accepted');
    expect(await page.locator('#recovery-remaining').textContent()).toBe('Recovery codes left: 9');
    // No script or CSP error; the one failed load is the malformed code's 400, which Chromium reports.
    expect(errors).toEqual([
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
    await page.close();
  });
});
