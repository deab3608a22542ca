import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { ApiClient } from '@platform/api-client';
import { afterEach, describe, expect, it } from 'vitest';

const main = path.join(import.meta.dirname, '../src/main.ts');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

interface Started {
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
  child: ChildProcess;
}

function startMain(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@platform/source', main], {
    env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', PORT: '0', BACKEND_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exit: once(child, 'exit').then(([code]) => code as number | null),
  };
}

async function urlsOf(started: Started): Promise<{ grpc: string; http: string }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const urls = started
      .stdout()
      .split('\n')
      .filter((line) => line.includes('listening on'))
      .map((line) => (JSON.parse(line) as { url: string }).url);
    const grpc = urls.find((url) => url.startsWith('grpc://'));
    const http = urls.find((url) => url.startsWith('http://'));
    if (grpc && http) return { grpc, http };
    if (Date.now() > deadline || started.child.exitCode !== null) {
      throw new Error(`not listening: ${started.stdout()} ${started.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('grpc-backend main', () => {
  it('serves gRPC on BACKEND_PORT and HTTP on PORT, then drains and exits 0 on SIGTERM', async () => {
    const started = startMain({ BEARER: 'old-token-0123456789,frontend:main-token-0123456789' });
    const { grpc, http } = await urlsOf(started);
    expect(grpc).toMatch(/^grpc:\/\/127\.0\.0\.1:\d+$/);
    const client = new ApiClient({ target: grpc.slice('grpc://'.length), token: 'main-token-0123456789' });
    try {
      expect(await client.sayHello('main')).toBe('Hello main!');
      const stream = client.getStream(50_000);
      await stream.next();
      const rest = await fetch(`${http}/api/items?length=2`, {
        headers: { authorization: 'Bearer main-token-0123456789' },
      });
      expect(await rest.json()).toEqual({
        items: [
          { id: 1, name: 'name 1' },
          { id: 2, name: 'name 2' },
        ],
      });

      started.child.kill('SIGTERM');
      let count = 1;
      for await (const _item of stream) count += 1;
      expect(count).toBe(50_000);
      expect(await started.exit).toBe(0);
      expect(started.stdout()).toContain('grpc-backend stopped');
      // The call and request lines name the caller of the token, never the token.
      const lines = started
        .stdout()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.find((line) => line['rpc.method'] === '/api.Api/sayHello')).toMatchObject({
        caller: 'frontend',
      });
      expect(lines.find((line) => line['http.route'] === '/api/items')).toMatchObject({ caller: 'frontend' });
      expect(started.stdout()).not.toContain('main-token-0123456789');
    } finally {
      client.close();
    }
  });

  it('refuses to start without BEARER unless ALLOW_ANONYMOUS is set', async () => {
    const refused = startMain({});
    expect(await refused.exit).toBe(1);
    expect(refused.stderr()).toContain('BEARER: is not set');
    expect(refused.stdout()).not.toContain('listening on');

    const open = startMain({ ALLOW_ANONYMOUS: 'true' });
    await urlsOf(open);
    expect(open.stdout()).toContain('without authentication');
  });

  it('refuses a token under 16 characters, naming the setting', async () => {
    const refused = startMain({ BEARER: 'x' });
    expect(await refused.exit).toBe(1);
    expect(refused.stderr()).toContain('BEARER.0: each token needs at least 16 characters');
    expect(refused.stdout()).not.toContain('listening on');
  });

  it('refuses WEB_CONCURRENCY above 1: gRPC scales with replicas', async () => {
    const refused = startMain({ BEARER: 'main-token-0123456789', WEB_CONCURRENCY: '2' });
    expect(await refused.exit).toBe(1);
    expect(refused.stderr()).toContain('WEB_CONCURRENCY: must be 1');
  });

  it('exits 1 with a clear message when the gRPC port is taken', async () => {
    const blocker: Server = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as { port: number };
    try {
      const started = startMain({ BEARER: 'main-token-0123456789', BACKEND_PORT: String(port) });
      expect(await started.exit).toBe(1);
      expect(started.stderr()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });
});
