import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const apps = ['hello-http', 'hello-koa'];

// The launcher runs its own Nx; the variables of the Nx task running this test stay out of it.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^NX_(TASK|TERMINAL|STREAM|CLI_SET)/.test(name)),
);

let launcher: ChildProcess;
let output = '';
let urls: Map<string, string>;

/** Resolves once the launcher has printed the summary of running services, with their URLs. */
function summary(child: ChildProcess): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const [, block] = /Platform running:\n([\s\S]*?)\n {2}Bearer token/.exec(output) ?? [];
      if (!block) return;
      const found = new Map(
        block.split('\n').flatMap((line) => {
          const match = /^\s+(\S+)\s+(http:\/\/\S+)\s+(?:ready|up)$/.exec(line);
          return match?.[1] && match[2] ? [[match[1], match[2]] as const] : [];
        }),
      );
      child.stdout?.off('data', onData);
      resolve(found);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) =>
      reject(new Error(`the launcher exited (${code}) before its summary:\n${output}`)),
    );
  });
}

beforeAll(async () => {
  launcher = spawn(process.execPath, ['scripts/start-platform.mjs', ...apps], {
    cwd: root,
    // Every app on a free port: the real environment wins over the apps' env/local/.env.
    env: { ...env, PORT: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  urls = await summary(launcher);
});

afterAll(async () => {
  if (launcher.exitCode === null && launcher.signalCode === null) {
    launcher.kill('SIGKILL');
    await once(launcher, 'exit');
  }
});

describe('npm start (scripts/start-platform.mjs)', () => {
  it('builds and starts the apps through nx run-many -t start, and prints the URL of each', async () => {
    expect(output).toMatch(/Running target start for 2 projects/);
    expect([...urls.keys()].sort()).toEqual(apps);
    for (const url of urls.values()) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const response = await fetch(new URL('/healthz', url));
      expect(response.status).toBe(200);
    }
    expect(output).toMatch(/^hello-http \| .*INFO +hello-http listening on http/m);
  });

  it('stops every app on SIGTERM and exits 0', async () => {
    launcher.kill('SIGTERM');
    const [code] = (await once(launcher, 'exit')) as [number | null];
    expect(code).toBe(0);
    for (const url of urls.values()) await expect(fetch(new URL('/healthz', url))).rejects.toThrow();
  });
});
