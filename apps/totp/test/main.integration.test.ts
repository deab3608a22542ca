// The production entry point in a child process: start-up checks and life without Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const main = path.join(import.meta.dirname, '..', 'src', 'main.ts');
const children: ChildProcess[] = [];
const validKey = 'ab'.repeat(32);

interface Started {
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@platform/source', main], {
    env: { PATH: process.env['PATH'] ?? '', ENVIRONMENT: 'test', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return {
    stdout: () => out,
    stderr: () => err,
    exit: once(child, 'exit').then(([code]) => code as number | null),
  };
}

async function listeningUrl(started: Started): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const match = /listening on (http:\/\/[\d.:]+)/.exec(started.stdout());
    if (match?.[1]) return match[1];
    if (Date.now() > deadline) throw new Error(`not listening: ${started.stdout()} ${started.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('main', () => {
  it('starts without Redis, reports not ready and answers 503 instead of hanging', async () => {
    const started = start({
      REDIS_URL: `redis://127.0.0.1:${await closedPort()}`,
      TOTP_ENCRYPTION_KEY: validKey,
      BEARER: 'main-test-token',
      TOTP_BASE32_SECRET: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
    });
    const url = await listeningUrl(started);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, checks: { redis: 'down' } });
    const check = await fetch(`${url}/check/123456`, {
      headers: { authorization: 'Bearer main-test-token' },
    });
    expect(check.status).toBe(503);
    expect(((await check.json()) as { error: { code: string } }).error.code).toBe('SERVICE_UNAVAILABLE');
    expect(started.stdout()).not.toContain('GEZDGNBVGY3TQOJQ');
    expect(started.stdout()).not.toContain(validKey);
  });

  it('refuses to start without a valid encryption key, naming the setting but not the value', async () => {
    const started = start({ TOTP_ENCRYPTION_KEY: 'not-hex-secret-value' });
    expect(await started.exit).toBe(1);
    expect(started.stderr()).toMatch(/TOTP_ENCRYPTION_KEY: 32 bytes as 64 hexadecimal characters/);
    expect(started.stderr()).not.toContain('not-hex-secret-value');
  });

  it('refuses an open provisioning page outside the local environment, and a short seed secret', async () => {
    const started = start({
      ENVIRONMENT: 'production',
      TOTP_ENCRYPTION_KEY: validKey,
      TOTP_ENROLLMENT_PAGE: 'true',
    });
    expect(await started.exit).toBe(1);
    expect(started.stderr()).toMatch(/TOTP_ENROLLMENT_PAGE: may be true only with ENVIRONMENT=local/);
    const short = start({ TOTP_ENCRYPTION_KEY: validKey, TOTP_BASE32_SECRET: 'JBSWY3DPEHPK3PXP' });
    expect(await short.exit).toBe(1);
    expect(short.stderr()).toMatch(/TOTP_BASE32_SECRET: at least 128 bits/);
  });
});
