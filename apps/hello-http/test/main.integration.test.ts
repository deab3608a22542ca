import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const main = path.join(import.meta.dirname, '..', 'src', 'main.ts');
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@platform/source', main], {
    env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exit, stdout: () => stdout, stderr: () => stderr };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('hello-http main', () => {
  it('listens on PORT, answers, and drains and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const app = start({ PORT: String(port) });
    await until(() => /listening on/.test(app.stdout()), 'the listening line');
    expect(app.stdout()).toContain(`hello-http listening on http://127.0.0.1:${port}`);
    const response = await fetch(`http://127.0.0.1:${port}/hello/Ada`);
    expect(await response.text()).toBe('Hello Ada from node:http service');

    app.child.kill('SIGTERM');
    expect(await app.exit).toBe(0);
    expect(app.stdout()).toMatch(/hello-http stopped/);
  });

  it('exits 1 with a clear message when PORT is taken or invalid', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const taken = start({ PORT: String(port) });
      expect(await taken.exit).toBe(1);
      expect(taken.stderr()).toContain(`hello-http: Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
    const invalid = start({ PORT: 'eighty' });
    expect(await invalid.exit).toBe(1);
    expect(invalid.stderr()).toMatch(/PORT:/);
  });
});
