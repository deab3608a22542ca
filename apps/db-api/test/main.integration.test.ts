import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appRoot, TOKEN } from './support/start-app.js';
import { createTestDatabase, type TestDatabase } from '@platform/db/testing';

const main = path.join(appRoot, 'src/main.ts');
const children: ChildProcess[] = [];

interface Started {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

/** main.ts in a child process, with only the environment given (no DATABASE_URL or PGHOST leaking in). */
function startMain(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@platform/source', main], {
    cwd: appRoot,
    env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output, exit: once(child, 'exit').then(([code]) => code as number | null) };
}

async function urlOf(started: Started): Promise<string> {
  const deadline = Date.now() + 100_000;
  for (;;) {
    const match = /listening on (http:\/\/[\d.:]+)/.exec(started.output());
    if (match?.[1]) return match[1];
    if (started.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`not listening: ${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const bar = (url: string) =>
  fetch(`${url}/example/bar`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'main', email: 'm@example.com' }),
  });

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase({ prefix: 'db_api' });
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

afterAll(async () => {
  await testDb?.drop();
});

describe('db-api main', () => {
  it('runs on the embedded database when nothing is configured, and stops cleanly', async () => {
    const started = startMain({ BEARER: TOKEN });
    const url = await urlOf(started);
    const response = await bar(url);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([{ name: 'main', email: 'm@example.com' }]);
    started.child.kill('SIGTERM');
    expect(await started.exit).toBe(0);
  }, 120_000);

  it('migrates and serves the database of DATABASE_URL', async () => {
    const started = startMain({ BEARER: TOKEN, DATABASE_URL: testDb.url });
    const url = await urlOf(started);
    expect((await bar(url)).status).toBe(200);
    expect(await (await fetch(`${url}/readyz`)).json()).toMatchObject({ status: 'ready' });
    expect(started.output()).not.toContain('Embedded PostgreSQL');
    started.child.kill('SIGTERM');
    expect(await started.exit).toBe(0);
  }, 120_000);

  it('names the caller of a named token on the request line, never writing the token', async () => {
    const started = startMain({
      BEARER: `old-token-0123456789abcdef,reporting:${TOKEN}`,
      DATABASE_URL: testDb.url,
    });
    const url = await urlOf(started);
    expect((await bar(url)).status).toBe(200);
    started.child.kill('SIGTERM');
    expect(await started.exit).toBe(0);
    const lines = started
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line['http.route'] === '/example/bar')).toMatchObject({
      caller: 'reporting',
    });
    expect(started.output()).not.toContain(TOKEN);
  }, 120_000);

  it('refuses a token under 16 characters at start, naming the setting', async () => {
    const started = startMain({ BEARER: 'x', DATABASE_URL: testDb.url });
    expect(await started.exit).toBe(1);
    expect(started.output()).toMatch(/BEARER\.0: each token needs at least 16 characters/);
    expect(started.output()).not.toMatch(/listening on/);
  }, 30_000);

  it('refuses to start without a bearer token, saying so', async () => {
    const started = startMain({ DATABASE_URL: testDb.url });
    expect(await started.exit).toBe(1);
    expect(started.output()).toMatch(/BEARER: is required/);
    expect(started.output()).not.toMatch(/listening on/);
  }, 30_000);
});
