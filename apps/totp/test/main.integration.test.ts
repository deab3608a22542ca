// The production entry point in a child process: start-up checks and life without Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { freePort } from '@platform/http/testing';
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

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('main', () => {
  it('starts without Redis, reports not ready and answers 503 instead of hanging', async () => {
    const started = start({
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      TOTP_ENCRYPTION_KEY: validKey,
      BEARER: 'seed-checker:main-test-token-0123',
      TOTP_BASE32_SECRET: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
    });
    const url = await listeningUrl(started);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, checks: { redis: 'down' } });
    const check = await fetch(`${url}/check/123456`, {
      headers: { authorization: 'Bearer main-test-token-0123' },
    });
    expect(check.status).toBe(503);
    expect(((await check.json()) as { error: { code: string } }).error.code).toBe('SERVICE_UNAVAILABLE');
    // The request line names the caller of the token, never the token.
    await expect.poll(() => started.stdout()).toContain('"http.route":"/check/:key"');
    const requestLine = started
      .stdout()
      .split('\n')
      .filter((line) => line.includes('"http.route":"/check/:key"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)[0];
    expect(requestLine).toMatchObject({ caller: 'seed-checker', res: { statusCode: 503 } });
    expect(started.stdout()).not.toContain('main-test-token-0123');
    expect(started.stdout()).not.toContain('GEZDGNBVGY3TQOJQ');
    expect(started.stdout()).not.toContain(validKey);
  });

  it('refuses to start without a valid encryption key, naming the setting but not the value', async () => {
    const started = start({ TOTP_ENCRYPTION_KEY: 'not-hex-secret-value' });
    expect(await started.exit).toBe(1);
    expect(started.stderr()).toMatch(/TOTP_ENCRYPTION_KEY: 32 bytes as 64 hexadecimal characters/);
    expect(started.stderr()).not.toContain('not-hex-secret-value');
  });

  it('refuses a bearer token under 16 characters, naming the setting', async () => {
    const started = start({ TOTP_ENCRYPTION_KEY: validKey, BEARER: 'x' });
    expect(await started.exit).toBe(1);
    expect(started.stderr()).toMatch(/BEARER\.0: each token needs at least 16 characters/);
    expect(started.stdout()).not.toContain('listening on');
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
