import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type BackendProcess } from './support/backend-process.js';
import { startFrontend, type Frontend } from './support/start-frontend.js';

let backend: BackendProcess;
let frontend: Frontend;
let browser: Browser;

beforeAll(async () => {
  // Both are kept as they start, so afterAll stops the backend even when the browser cannot start.
  const [startedBackend, launchedBrowser] = await Promise.allSettled([
    startBackend(),
    chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    }),
  ]);
  if (startedBackend.status === 'fulfilled') backend = startedBackend.value;
  if (launchedBrowser.status === 'fulfilled') browser = launchedBrowser.value;
  for (const result of [startedBackend, launchedBrowser])
    if (result.status === 'rejected') throw result.reason;
  frontend = await startFrontend(backend.target, 2_000);
});
afterAll(async () => {
  await browser?.close();
  await frontend?.stop();
  await backend?.stop();
});

describe('the page in a real browser', () => {
  it('shows the heading and both lists, with JavaScript turned off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const tab = await context.newPage();
      const response = await tab.goto(frontend.url);
      expect(response?.status()).toBe(200);
      expect(await tab.locator('h1').textContent()).toBe('Hello Gonzalo!');
      expect(await tab.locator('section', { hasText: 'getAll(10)' }).locator('li').allTextContents()).toEqual(
        Array.from({ length: 10 }, (_, index) => `name ${index + 1}`),
      );
      expect(
        await tab.locator('section', { hasText: 'getStream(5)' }).locator('li').allTextContents(),
      ).toEqual(Array.from({ length: 5 }, (_, index) => `name ${index + 1}`));
    } finally {
      await context.close();
    }
  });

  it('greets the name typed in the form', async () => {
    const context = await browser.newContext();
    try {
      const tab = await context.newPage();
      await tab.goto(frontend.url);
      await tab.getByLabel('Name').fill('Ada <Lovelace>');
      await tab.getByRole('button', { name: 'Say hello' }).click();
      await tab.waitForURL(/name=Ada/);
      expect(await tab.locator('h1').textContent()).toBe('Hello Ada <Lovelace>!');
    } finally {
      await context.close();
    }
  });
});
