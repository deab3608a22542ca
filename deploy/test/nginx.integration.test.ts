import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { eventFromLine, loadFilebeatConfig, outputIndex } from './support/filebeat-pipeline.js';
import { freePort } from './support/free-port.js';
import { startLoad, type LoadResult } from './support/load.js';
import { layOutNginx, startNginx, type RunningNginx } from './support/nginx.js';
import { deployRoot } from './support/paths.js';
import { Replica } from './support/replica.js';
import { runCommand } from './support/run-command.js';
import { waitFor } from './support/wait-for.js';

// Debian's nginx with deploy/nginx, rendered as the image renders it, in front
// of three db-api processes (the production build) on one PostgreSQL database.

const adminUrl = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseName = `deploy_nginx_${randomBytes(4).toString('hex')}`;
const databaseUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
})();
const token = randomBytes(24).toString('hex');

let prefix: string;
let nginx: RunningNginx;
let nginxUrl: string;
const replicas: Replica[] = [];

interface AccessLine {
  'url.original': string;
  'http.response.status_code': number;
  'upstream.address': string;
  'request.id': string;
}

function accessLines(): AccessLine[] {
  return nginx.accessLog().map((line) => JSON.parse(line) as AccessLine);
}

/** The replica that finally answered (after any retries: "a:1, b:2"). */
function answeredBy(line: AccessLine): string {
  return line['upstream.address'].split(',').at(-1)?.trim() ?? '';
}

function post(pathname: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${nginxUrl}${pathname}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
}

/** The upstream servers as compose declares them, pointed at the local replicas. */
function upstreamServers(ports: readonly number[]): string {
  const compose = parse(readFileSync(path.join(deployRoot, 'compose', 'docker-compose.yml'), 'utf8')) as {
    services: { nginx: { environment: Record<string, string> } };
  };
  const declared = compose.services.nginx.environment['DB_API_SERVERS'] ?? '';
  const match = /^server db-api:8010 resolve (.*);$/.exec(declared);
  if (!match) throw new Error(`Unexpected DB_API_SERVERS in compose: ${declared}`);
  // Without `resolve`: Debian's nginx 1.22 predates it, and loopback addresses need no DNS.
  return ports.map((port) => `server 127.0.0.1:${port} ${match[1]};`).join(' ');
}

/** Load on POST /example/bar (a transaction per request) while `during` runs. */
async function underLoad(during: () => Promise<void>): Promise<LoadResult> {
  const load = startLoad({
    concurrency: 8,
    maxRequests: 50_000,
    maxMs: 60_000,
    request: (index) =>
      post('/example/bar', { name: `load-${index % 64}`, email: `load${index % 64}@example.com` }),
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await during();
    await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    await load.stop();
  }
  return load.done;
}

/** Restarts a stopped replica and waits until nginx sends it requests again (its passive check has expired). */
async function bringBack(replica: Replica): Promise<void> {
  const seen = accessLines().length;
  await replica.start();
  const address = `127.0.0.1:${replica.options.port}`;
  await waitFor(
    `nginx to route to ${address} again`,
    async () => {
      await post('/example/foo', { name: 'probe' }).then((response) => response.arrayBuffer());
      return accessLines()
        .slice(seen)
        .some((line) => answeredBy(line) === address && line['http.response.status_code'] === 200);
    },
    { timeoutMs: 20_000 },
  );
}

beforeAll(async () => {
  const created = await runCommand('psql', [adminUrl, '-qc', `create database "${databaseName}"`]);
  if (created.code !== 0) throw new Error(`cannot create the test database: ${created.stderr}`);
  const ports = [await freePort(), await freePort(), await freePort()];
  for (const [index, port] of ports.entries()) {
    const replica = new Replica({
      app: 'db-api',
      port,
      env: {
        ENVIRONMENT: 'test',
        BEARER: token,
        DATABASE_URL: databaseUrl,
        PROCESS_ID: `replica-${index + 1}`,
        LOG_LEVEL: 'warn',
        DB_POOL_MAX: '4',
      },
    });
    replicas.push(replica);
    await replica.start();
  }
  prefix = mkdtempSync(path.join(tmpdir(), 'deploy-nginx-'));
  const listen = await freePort();
  nginxUrl = `http://127.0.0.1:${listen}`;
  layOutNginx({
    prefix,
    templates: ['db-api.conf'],
    env: {
      ENVIRONMENT: 'test',
      NGINX_RESOLVER: '127.0.0.1',
      DB_API_LISTEN: `127.0.0.1:${listen}`,
      DB_API_SERVERS: upstreamServers(ports),
    },
  });
  nginx = await startNginx(prefix, `${nginxUrl}/health`);
});

afterAll(async () => {
  await nginx?.stop();
  await Promise.all(replicas.map((replica) => replica.stop().catch(() => replica.kill())));
  if (prefix) rmSync(prefix, { recursive: true, force: true });
  await runCommand('psql', [adminUrl, '-qc', `drop database if exists "${databaseName}" with (force)`]);
});

describe('nginx in front of three db-api replicas', () => {
  it('answers its own /health without touching the replicas or its access log', async () => {
    const before = accessLines().length;
    const response = await fetch(`${nginxUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(accessLines().length).toBe(before);
  });

  it('spreads requests over all three replicas', async () => {
    const before = accessLines().length;
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, index) => post('/example/foo', { name: `spread-${index}` })),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses, JSON.stringify(statuses)).toEqual(Array(60).fill(200));
    await waitFor('the access log', () => accessLines().length >= before + 60, { timeoutMs: 5_000 });
    const served = accessLines()
      .slice(before)
      .filter((line) => line['url.original'] === '/example/foo')
      .map(answeredBy);
    const expected = replicas.map((replica) => `127.0.0.1:${replica.options.port}`).sort();
    expect([...new Set(served)].sort(), JSON.stringify(served)).toEqual(expected);
    for (const address of expected) {
      expect(served.filter((used) => used === address).length, JSON.stringify(served)).toBeGreaterThan(5);
    }
  });

  it('passes a sane X-Request-Id through to the app, and makes one up otherwise', async () => {
    const given = await post('/example/foo', { name: 'id' }, { 'x-request-id': 'deploy-test-42' });
    expect(given.headers.get('x-request-id')).toBe('deploy-test-42');
    const made = await post('/example/foo', { name: 'id' }, { 'x-request-id': 'not sane; <script>' });
    const id = made.headers.get('x-request-id') ?? '';
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    await waitFor('the access log', () => accessLines().some((line) => line['request.id'] === id), {
      timeoutMs: 5_000,
    });
  });

  it('refuses a body over its limit before any replica sees it', async () => {
    const response = await post('/example/foo', { name: 'x'.repeat(2 * 1024 * 1024) });
    expect(response.status).toBe(413);
  });

  it('writes access log lines that filebeat routes to nginx_<environment>', () => {
    const config = loadFilebeatConfig();
    const input = config.filebeat.inputs.find((candidate) => candidate.id === 'platform-containers');
    if (!input) throw new Error('no container input');
    const line = nginx.accessLog().at(-1) ?? '';
    const dockerLine = JSON.stringify({ log: `${line}\n`, stream: 'stdout', time: new Date().toISOString() });
    const event = eventFromLine(config, input, dockerLine, { ENVIRONMENT: 'test' });
    expect(outputIndex(config, event)).toBe('nginx_test');
    expect(event['error']).toBeUndefined();
  });

  it('loses no request when one replica is stopped gracefully under load', async () => {
    const stopped = replicas[1] as Replica;
    const result = await underLoad(async () => {
      expect(await stopped.stop()).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    });
    expect(result.failures).toEqual([]);
    expect([...result.statuses.keys()]).toEqual([200]);
    expect(result.total).toBeGreaterThan(100);
    await bringBack(stopped);
  });

  it('loses no request during a rolling restart of all three under load', async () => {
    const result = await underLoad(async () => {
      for (const replica of replicas) {
        expect(await replica.stop()).toBe(0);
        await bringBack(replica);
      }
    });
    expect(result.failures).toEqual([]);
    expect([...result.statuses.keys()]).toEqual([200]);
    expect(result.total).toBeGreaterThan(300);
  });
});
