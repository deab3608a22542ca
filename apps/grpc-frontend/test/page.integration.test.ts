import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type BackendProcess } from './support/backend-process.js';
import { startFrontend, type Frontend } from './support/start-frontend.js';

let backend: BackendProcess;
let frontend: Frontend;

beforeAll(async () => {
  backend = await startBackend();
  frontend = await startFrontend(backend.target);
});
afterAll(async () => {
  await frontend?.stop();
  await backend?.stop();
});

async function page(url: string): Promise<{ status: number; text: string; ms: number }> {
  const started = Date.now();
  const response = await fetch(url);
  return { status: response.status, text: await response.text(), ms: Date.now() - started };
}

describe('the page against the real backend', () => {
  it('renders sayHello, getAll(10) and getStream(5) from the running backend', async () => {
    const { status, text } = await page(frontend.url);
    expect(status).toBe(200);
    expect(text).toContain('<h1>Hello Gonzalo!</h1>');
    expect(text.match(/<li /g)).toHaveLength(15);
    expect(text).toContain('<li value="10">name 10</li>');
    expect(text).toContain('<li value="5">name 5</li>');
    expect((await page(`${frontend.url}/?name=Ana`)).text).toContain('<h1>Hello Ana!</h1>');
    expect((await fetch(`${frontend.url}/readyz`)).status).toBe(200);
  });

  it('answers 502 at once while the backend is stopped, and recovers by itself when it returns', async () => {
    const port = backend.port;
    await backend.stop();

    const down = await page(frontend.url);
    expect(down.status).toBe(502);
    expect(down.text).toContain('The backend is unavailable');
    expect(down.ms).toBeLessThan(1_000);
    expect((await fetch(`${frontend.url}/readyz`)).status).toBe(503);

    backend = await startBackend(port);
    await expect
      .poll(async () => (await page(frontend.url)).status, { timeout: 15_000, interval: 250 })
      .toBe(200);
  });

  it('answers 504 within its deadline when the backend accepts connections but never answers', async () => {
    const sockets = new Set<Socket>();
    const blackhole = createServer((socket) => sockets.add(socket));
    blackhole.listen(0, '127.0.0.1');
    await once(blackhole, 'listening');
    const hung = await startFrontend(`127.0.0.1:${(blackhole.address() as { port: number }).port}`, 300);
    try {
      const slow = await page(hung.url);
      expect(slow.status).toBe(504);
      expect(slow.text).toContain('The backend did not answer in time');
      expect(slow.ms).toBeLessThan(1_500);
    } finally {
      await hung.stop();
      for (const socket of sockets) socket.destroy();
      blackhole.close();
    }
  });
});
