import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module of the launcher, without types.
import { dependenciesOf, findExecutable, isLocalHost, provideDependencies } from '../local-dependencies.mjs';

const scratch = mkdtempSync(path.join(tmpdir(), 'local-dependencies-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function app(project: string, dependencies: Record<string, string>, envFile: string) {
  const dir = path.join(scratch, project);
  mkdirSync(path.join(dir, 'env', 'local'), { recursive: true });
  writeFileSync(path.join(dir, 'env', 'local', '.env'), envFile);
  return { project, dir, manifest: { dependencies } };
}

describe('the launcher’s local dependencies', () => {
  it('knows loopback addresses from the rest', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost'])
      expect(isLocalHost(host), host).toBe(true);
    for (const host of ['10.0.0.5', '192.168.1.2', 'redis', 'redis.example.com', '::ffff:10.0.0.1']) {
      expect(isLocalHost(host), host).toBe(false);
    }
  });

  it('finds where each app will look for Redis and PostgreSQL, the real environment winning', () => {
    const apps = [
      app('counter', { '@platform/redis': '*' }, 'REDIS_HOST=127.0.0.1\nREDIS_PORT=6379\n'),
      app('totp', { '@platform/redis': '*' }, 'REDIS_URL=redis://127.0.0.1:6379\n'),
      app('db-api', { '@platform/db': '*' }, 'LOG_LEVEL=info\n'),
      app('hello', {}, 'REDIS_URL=redis://127.0.0.1:1\n'),
    ];
    expect(dependenciesOf(apps, {})).toEqual([
      { kind: 'Redis', host: '127.0.0.1', port: 6379, password: undefined, apps: ['counter', 'totp'] },
    ]);
    const moved = dependenciesOf(apps, {
      REDIS_URL: 'redis://:s3cret@localhost:7000',
      DATABASE_URL: 'postgres://u@127.0.0.1:5433/app',
    });
    expect(moved).toEqual([
      { kind: 'Redis', host: 'localhost', port: 7000, password: 's3cret', apps: ['counter', 'totp'] },
      { kind: 'PostgreSQL', host: '127.0.0.1', port: 5433, apps: ['db-api'] },
    ]);
  });

  it('starts nothing for an address on another machine, and does not even probe it', async () => {
    const started = Date.now();
    const result = await provideDependencies(
      [{ kind: 'Redis', host: 'redis.platform.internal', port: 6379, apps: ['counter'] }],
      { env: { PATH: process.env['PATH'] ?? '' }, dataDir: scratch },
    );
    expect(result).toEqual({ lines: [], problems: [], children: [] });
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('looks for executables on the PATH it is given only', () => {
    const bin = path.join(scratch, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'redis-server'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(path.join(bin, 'not-executable'), '', { mode: 0o644 });
    expect(findExecutable('redis-server', `/nonexistent${path.delimiter}${bin}`)).toBe(
      path.join(bin, 'redis-server'),
    );
    expect(findExecutable('not-executable', bin)).toBeUndefined();
    expect(findExecutable('redis-server', '')).toBeUndefined();
  });
});
