import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { get, hammer, hitsOf } from './support/load.js';
import { freePort, OwnRedis } from './support/own-redis.js';
import { uniqueNamespace } from './support/counter-app.js';

const main = path.resolve(import.meta.dirname, '../src/main.ts');

interface Started {
  child: ChildProcess;
  /** The URL from the "listening on" line, once it is there. */
  waitForUrl: () => Promise<string>;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

const children: ChildProcess[] = [];

/** The counter's main.ts in its own process, configured only through the environment. */
function startProcess(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@platform/source', main], {
    env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', PORT: '0', ENVIRONMENT: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  const waitForUrl = async (): Promise<string> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const match = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (match) return match[1]!;
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`counter did not start: ${out} ${err}`);
      await sleep(50);
    }
  };
  return { child, waitForUrl, stdout: () => out, stderr: () => err, exit };
}

let redis: OwnRedis;
let admin: Redis;

beforeAll(async () => {
  redis = await OwnRedis.start();
  admin = new Redis(redis.url);
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(async () => {
  admin?.disconnect();
  await redis?.close();
});

describe('the counter service', () => {
  it('runs as replicas configured by REDIS_HOST/REDIS_PORT and by REDIS_URL that share one exact count', async () => {
    const namespace = uniqueNamespace('service');
    const byHost = startProcess({
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: String(redis.port),
      COUNTER_NAMESPACE: namespace,
    });
    const byUrl = startProcess({
      REDIS_URL: `${redis.url}/0`,
      // The URL wins over host and port.
      REDIS_HOST: '203.0.113.1',
      REDIS_PORT: '1',
      COUNTER_NAMESPACE: namespace,
    });
    const urls = await Promise.all([byHost.waitForUrl(), byUrl.waitForUrl()]);

    const total = 400;
    const answers = await hammer(urls, total, 16);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(hitsOf(answers).sort((a, b) => a - b)).toEqual(
      Array.from({ length: total }, (_, index) => index + 1),
    );
    expect(await admin.get(`${namespace}:hits`)).toBe(String(total));

    const clientsBefore = ((await admin.call('CLIENT', 'LIST')) as string).split('\n').filter(Boolean).length;
    byHost.child.kill('SIGTERM');
    byUrl.child.kill('SIGTERM');
    expect(await byHost.exit).toBe(0);
    expect(await byUrl.exit).toBe(0);
    for (const started of [byHost, byUrl]) {
      const lines = started
        .stdout()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { message: string; '@timestamp': string });
      const at = (message: string) => lines.find((line) => line.message === message)?.['@timestamp'] ?? '';
      // QUIT completed after the shutdown began and before the process said it stopped.
      expect(at('Redis connection closed') > at('Shutting down (SIGTERM)')).toBe(true);
      expect(at('Redis connection closed') <= at('counter stopped')).toBe(true);
    }
    const clientsAfter = ((await admin.call('CLIENT', 'LIST')) as string).split('\n').filter(Boolean).length;
    expect(clientsAfter).toBe(clientsBefore - 2);
  });

  it('starts without Redis, answers 503 and not ready, and serves once Redis appears', async () => {
    const port = await freePort();
    const started = startProcess({
      REDIS_URL: `redis://127.0.0.1:${port}`,
      REDIS_CONNECT_TIMEOUT_MS: '300',
      REDIS_RECONNECT_MAX_DELAY_MS: '200',
      COUNTER_NAMESPACE: uniqueNamespace('late'),
    });
    const url = await started.waitForUrl();
    const down = await get(url);
    expect(down.status).toBe(503);
    expect(down.ms).toBeLessThan(1_000);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);

    const late = await OwnRedis.startOn(port);
    try {
      const deadline = Date.now() + 10_000;
      while ((await fetch(`${url}/readyz`)).status !== 200) {
        if (Date.now() > deadline) throw new Error('the counter did not become ready');
        await sleep(50);
      }
      expect((await get(url)).body).toBe('Hits: 1');
      started.child.kill('SIGTERM');
      expect(await started.exit).toBe(0);
    } finally {
      await late.close();
    }
  });

  it('refuses to start with a bad REDIS_URL, naming it without showing its password', async () => {
    const started = startProcess({ REDIS_URL: 'http://user:hunter2@redis.internal:6379' });
    expect(await started.exit).toBe(1);
    expect(started.stderr()).toMatch(/REDIS_URL: must start with redis:\/\/ or rediss:\/\//);
    expect(started.stderr() + started.stdout()).not.toContain('hunter2');
  });
});
