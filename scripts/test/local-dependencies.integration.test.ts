import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@platform/http/testing';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module of the launcher, without types.
import { answers, findExecutable } from '../local-dependencies.mjs';

const root = path.resolve(import.meta.dirname, '../..');
// The launcher runs its own Nx; the variables of the Nx task running this test stay out of it.
const baseEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^NX_(TASK|TERMINAL|STREAM|CLI_SET)/.test(name)),
);

interface Launch {
  child: ChildProcess;
  output: () => string;
  summary: Promise<string>;
}

const launches: Launch[] = [];
afterEach(async () => {
  for (const { child } of launches.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});

/** `npm start counter` (the launcher for one app), with the environment given. */
function launch(env: Record<string, string | undefined>): Launch {
  const child = spawn(process.execPath, ['scripts/start-platform.mjs', 'counter'], {
    cwd: root,
    env: { ...baseEnv, PORT: '0', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const summary = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Platform running:\n[\s\S]*?Stop with Ctrl-C\./.exec(output);
      if (match) resolve(match[0]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the launcher exited (${code}):\n${output}`)));
  });
  const launched = { child, output: () => output, summary };
  launches.push(launched);
  return launched;
}

const counterUrl = (summary: string): string => /^\s+counter\s+(http:\/\/\S+)/m.exec(summary)?.[1] ?? '';

describe('npm start on a machine where nothing answers at the Redis address', () => {
  it('starts a private redis-server there, says so, and the counter counts', async () => {
    expect(findExecutable('redis-server', process.env['PATH'])).toBeDefined();
    const port = await freePort();
    const started = launch({ REDIS_URL: `redis://127.0.0.1:${port}` });
    const summary = await started.summary;
    expect(started.output()).toContain(
      `Redis: nothing answered at 127.0.0.1:${port}, so a private redis-server runs there for counter (no persistence`,
    );
    expect(summary).toMatch(/^\s+counter\s+http:\/\/\S+\s+ready$/m);
    const response = await fetch(counterUrl(summary), { headers: { accept: 'text/plain' } });
    expect(await response.text()).toBe('Hits: 1');

    started.child.kill('SIGTERM');
    const [code] = (await once(started.child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(await answers('127.0.0.1', port)).toBe(false);
  });

  it('without redis-server on PATH, names the missing dependency and the remedy, and keeps running', async () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'launcher-path-'));
    try {
      // Only node, npm and sh: what the launcher, Nx and npm scripts need, and no redis-server.
      symlinkSync(process.execPath, path.join(bin, 'node'));
      symlinkSync(realpathSync('/bin/sh'), path.join(bin, 'sh'));
      const npm = findExecutable('npm', process.env['PATH']);
      symlinkSync(realpathSync(npm), path.join(bin, 'npm'));
      const port = await freePort();
      const started = launch({ REDIS_URL: `redis://127.0.0.1:${port}`, PATH: bin });
      const summary = await started.summary;
      expect(summary).toMatch(/^\s+counter\s+http:\/\/\S+\s+not ready: waiting for redis \(down\)$/m);
      expect(summary).toContain(
        `Redis: nothing answers at 127.0.0.1:${port} and no redis-server is installed; counter needs Redis: install Redis (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis;`,
      );
      expect(await answers('127.0.0.1', port)).toBe(false);
      expect((await fetch(counterUrl(summary))).status).toBe(503);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
