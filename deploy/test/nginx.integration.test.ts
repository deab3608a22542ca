import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '@platform/http/testing';
import { localUpstreamServers } from './support/compose-file.js';
import { eventFromLine, loadFilebeatConfig, outputIndex } from './support/filebeat-pipeline.js';
import { startLoad, type LoadResult } from './support/load.js';
import { layOutNginx, startNginx, type RunningNginx } from './support/nginx.js';
import { Replica } from './support/replica.js';
import { runCommand } from './support/run-command.js';

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

interface MixedLoad {
  /** POST /example/bar: a transaction per request, never sent to two replicas. */
  writes: LoadResult;
  /** GET /openapi.json: a read, retried on the next replica. */
  reads: LoadResult;
}

/** Writes and reads at once while `during` runs. */
async function underLoad(during: () => Promise<void>): Promise<MixedLoad> {
  const bounds = { maxRequests: 50_000, maxMs: 60_000 };
  const writes = startLoad({
    ...bounds,
    concurrency: 6,
    request: (index) =>
      post('/example/bar', { name: `load-${index % 64}`, email: `load${index % 64}@example.com` }),
  });
  const reads = startLoad({
    ...bounds,
    concurrency: 2,
    request: () => fetch(`${nginxUrl}/openapi.json`, { signal: AbortSignal.timeout(15_000) }),
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await during();
    await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    await Promise.all([writes.stop(), reads.stop()]);
  }
  return { writes: await writes.done, reads: await reads.done };
}

/**
 * No read is lost: a failed one is retried on the next replica. A write is retried only when
 * nothing of it was sent (the connection was refused); the one case left is a kept-alive
 * connection that the stopping replica closes just as nginx sends a write on it. That write is
 * answered 502 and not resent (the replica may have read it), so the client decides: rare, and
 * never anything but a 502.
 */
function expectNothingLostButRareWrites(load: MixedLoad, minimum: number): void {
  expect(load.reads.failures).toEqual([]);
  expect([...load.reads.statuses.keys()]).toEqual([200]);
  const writeStatuses = [...load.writes.statuses.keys()].filter((status) => status !== 200);
  expect(
    writeStatuses.every((status) => status === 502),
    JSON.stringify(load.writes.failures),
  ).toBe(true);
  expect(load.writes.failures.length, JSON.stringify(load.writes.failures)).toBeLessThanOrEqual(
    Math.max(3, load.writes.total / 100),
  );
  expect(load.writes.total).toBeGreaterThan(minimum);
  expect(load.reads.total).toBeGreaterThan(minimum / 4);
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
      DB_API_SERVERS: localUpstreamServers(
        'db-api',
        ports.map((port) => `127.0.0.1:${port}`),
      ),
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

  it('logs a path that carries a TOTP code by its route pattern, never the code', async () => {
    const response = await fetch(`${nginxUrl}/check/864209?next=1`, {
      headers: { 'x-request-id': 'secret-path-1' },
    });
    await response.arrayBuffer();
    await waitFor(
      'the access log',
      () => accessLines().some((line) => line['request.id'] === 'secret-path-1'),
      {
        timeoutMs: 5_000,
      },
    );
    const line = accessLines().find((candidate) => candidate['request.id'] === 'secret-path-1');
    expect(line?.['url.original']).toBe('/check/:key');
    expect(JSON.stringify(line)).not.toContain('864209');
  });

  it('never passes GET /metrics to a replica, whatever its spelling: Prometheus scrapes them directly', async () => {
    const before = accessLines().length;
    for (const pathname of ['/metrics', '/metrics?x=1', '//metrics', '/%6Detrics']) {
      const response = await fetch(`${nginxUrl}${pathname}`);
      expect(response.status, pathname).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
    }
    expect(accessLines().length).toBe(before);
    const direct = await fetch(`${replicas[0]?.url}/metrics`);
    expect(direct.status).toBe(200);
    expect(await direct.text()).toMatch(/^http_server_request_duration_seconds_count\{/m);
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

  it('loses no read and at most a rare write (a 502, never resent) when one replica stops gracefully under load', async () => {
    const stopped = replicas[1] as Replica;
    const result = await underLoad(async () => {
      expect(await stopped.stop()).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    });
    expectNothingLostButRareWrites(result, 40);
    await bringBack(stopped);
  });

  it('loses no read and at most a rare write (a 502, never resent) during a rolling restart of all three', async () => {
    const result = await underLoad(async () => {
      for (const replica of replicas) {
        expect(await replica.stop()).toBe(0);
        await bringBack(replica);
      }
    });
    expectNothingLostButRareWrites(result, 120);
  });
});
