// End to end: the three hello apps and the demo as real processes, as `npm start` runs them.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { freePort, startServer, waitFor, type TestServer } from '@platform/http/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const apps = path.resolve(import.meta.dirname, '..', '..');
const children: ChildProcess[] = [];

interface Run {
  child: ChildProcess;
  exit: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
}

function run(app: string, args: string[], env: Record<string, string>): Run {
  const main = path.join(apps, app, 'src', 'main.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@platform/source', main, ...args], {
    env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
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

/** Starts a hello app on PORT and waits until it is listening (LOG_LEVEL info for that line). */
async function startHello(app: string): Promise<{ run: Run; url: string }> {
  const port = await freePort();
  const started = run(app, [], { PORT: String(port), LOG_LEVEL: 'info' });
  await waitFor(`${app} to listen`, () => /listening on/.test(started.stdout()), {
    timeoutMs: 20_000,
    abort: () =>
      started.child.exitCode === null ? undefined : `it exited: ${started.stdout()} ${started.stderr()}`,
  });
  return { run: started, url: `http://127.0.0.1:${port}` };
}

let hellos: Record<'express' | 'http' | 'koa', { run: Run; url: string }>;
let platform: TestServer | undefined;
let platformUrl: string;

beforeAll(async () => {
  const [express, http, koa] = await Promise.all([
    startHello('hello-express'),
    startHello('hello-http'),
    startHello('hello-koa'),
  ]);
  hellos = { express, http, koa };
  // Stands in for db-api, counter and totp: the demo only probes their /readyz.
  platform = await startServer((req, res) => {
    res.statusCode = req.url === '/readyz' ? 200 : 404;
    res.end();
  });
  platformUrl = platform.url;
}, 60_000);

afterAll(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await platform?.close();
});

function demo(args: string[], env: Record<string, string> = {}): Run {
  return run('service-container', args, {
    HELLO_EXPRESS_URL: hellos.express.url,
    HELLO_HTTP_URL: hellos.http.url,
    HELLO_KOA_URL: hellos.koa.url,
    DB_API_URL: platformUrl,
    COUNTER_URL: platformUrl,
    TOTP_URL: `${platformUrl}/totp/`,
    ...env,
  });
}

const lineOf = (stdout: string, service: string) =>
  stdout.split('\n').find((line) => line.startsWith(`${service} `)) ?? '';

describe('the service container demo', () => {
  it('each hello app honours PORT', () => {
    expect(hellos.express.run.stdout()).toContain(`hello-express listening on ${hellos.express.url}`);
    expect(hellos.http.run.stdout()).toContain(`hello-http listening on ${hellos.http.url}`);
    expect(hellos.koa.run.stdout()).toContain(`hello-koa listening on ${hellos.koa.url}`);
  });

  it('prints the answer of each hello service and a health line for each platform service', async () => {
    const result = demo(['Gonzalo']);
    expect(await result.exit).toBe(0);
    const stdout = result.stdout();
    expect(lineOf(stdout, 'helloExpress')).toMatch(/^helloExpress +Hello Gonzalo from express service$/);
    expect(lineOf(stdout, 'helloHttp')).toMatch(/^helloHttp +Hello Gonzalo from node:http service$/);
    expect(lineOf(stdout, 'helloKoa')).toMatch(/^helloKoa +Hello Gonzalo from koa service$/);
    expect(lineOf(stdout, 'db-api')).toMatch(
      new RegExp(`^db-api +is up \\(GET ${platformUrl}/readyz: 200 in \\d+ ms\\)$`),
    );
    expect(lineOf(stdout, 'counter')).toMatch(/is up/);
    // health.path /readyz is at the origin's root, whatever the baseUrl's path.
    expect(lineOf(stdout, 'totp')).toContain(`GET ${platformUrl}/readyz: 200`);
    expect(stdout.trim().split('\n')).toHaveLength(6);
  });

  it('reports the services with --check', async () => {
    const result = demo(['--check']);
    expect(await result.exit).toBe(0);
    expect(lineOf(result.stdout(), 'helloKoa')).toMatch(
      new RegExp(`^helloKoa +is up \\(GET ${hellos.koa.url}/healthz: 200 in \\d+ ms\\)$`),
    );
    expect(result.stdout().trim().split('\n')).toHaveLength(6);
  });

  it('fails with exit 2 and a message naming a missing container file', async () => {
    const result = demo(['Gonzalo'], { CONTAINER_FILE: '/nonexistent/container.yml' });
    expect(await result.exit).toBe(2);
    expect(result.stderr()).toContain(
      'service-container: Container file /nonexistent/container.yml: does not exist',
    );
    expect(result.stdout()).toBe('');
  });

  it('with one hello service stopped, prints a clear line for it while the others still answer', async () => {
    hellos.koa.run.child.kill('SIGTERM');
    expect(await hellos.koa.run.exit).toBe(0);

    const result = demo(['Gonzalo']);
    expect(await result.exit).toBe(1);
    const stdout = result.stdout();
    // Node 24.20+ may report the refused connection as closed before connecting (see classify-error.ts).
    expect(lineOf(stdout, 'helloKoa')).toMatch(
      new RegExp(
        `^helloKoa {6}is down: GET ${hellos.koa.url}/hello/Gonzalo failed: the service cannot be reached ` +
          '\\((ECONNREFUSED|ERR_SOCKET_CLOSED_BEFORE_CONNECTION)\\) \\[SERVICE_UNREACHABLE\\]$',
      ),
    );
    expect(lineOf(stdout, 'helloExpress')).toMatch(/Hello Gonzalo from express service$/);
    expect(lineOf(stdout, 'helloHttp')).toMatch(/Hello Gonzalo from node:http service$/);
    expect(lineOf(stdout, 'db-api')).toMatch(/is up/);
  });
});
