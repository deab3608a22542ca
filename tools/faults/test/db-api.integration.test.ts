import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, type TestDatabase } from '@platform/db/testing';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../src/fault-proxy.js';
import { startAppProcess, type AppProcess } from '@platform/http/testing';
import { timed } from '../src/timed.js';

const appDir = (app: string): string => path.resolve(import.meta.dirname, '../../../apps', app);

const TOKEN = randomBytes(24).toString('base64url');
const PATH = process.env['PATH'] ?? '';
const ACQUIRE_MS = 500;
const STATEMENT_MS = 1_000;
// libs/db's client-side backstop for a server that stops answering: the statement timeout plus 5 s.
const QUERY_TIMEOUT_MS = STATEMENT_MS + 5_000;
// Scheduling on a loaded two-core machine, the HTTP round trip, logging.
const MARGIN_MS = 1_500;
// A reset is seen at once: no bound but the round trip.
const RESET_BOUND_MS = 1_000;

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { error?: { code?: string } } & Record<string, unknown>;
}

let testDb: TestDatabase;
let proxy: FaultProxy;
let app: AppProcess;
let direct: pg.Client;

async function post(route: string, body: unknown): Promise<{ value: Answer; ms: number }> {
  return timed(async () => {
    const response = await fetch(`${app.url}${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(QUERY_TIMEOUT_MS * 3),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as Answer['body'],
    };
  });
}

/** A request through the proxy that must succeed: after a fault, the first one is the recovery check. */
async function succeeds(): Promise<void> {
  const { value } = await post('/example/users', { name: 'probe' });
  expect(value.status, JSON.stringify(value.body)).toBe(200);
}

/** Client bytes one request sends on an open connection (the pool's connection is warmed first). */
async function bytesOf(route: string, body: unknown): Promise<number> {
  await succeeds();
  const before = proxy.stats.clientBytes;
  const { value } = await post(route, body);
  expect(value.status, JSON.stringify(value.body)).toBe(200);
  return proxy.stats.clientBytes - before;
}

async function rowsNamed(names: string[]): Promise<number> {
  const { rows } = await direct.query<{ n: string }>('SELECT count(*) AS n FROM users WHERE name = ANY($1)', [
    names,
  ]);
  return Number(rows[0]!.n);
}

function expectCoded(answer: Answer, status: number, codes: string[]): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(codes).toContain(answer.body.error?.code);
}

/** Spread cut points over a request's bytes: the first byte, the last byte, and between. */
function cutPoints(total: number, count: number): number[] {
  const points = new Set([1, total]);
  for (let k = 1; k < count; k += 1) points.add(Math.max(1, Math.round((total * k) / count)));
  return [...points].sort((a, b) => a - b);
}

beforeAll(async () => {
  testDb = await createTestDatabase({ prefix: 'faults_db_api' });
  const target = new URL(testDb.url);
  proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const through = new URL(testDb.url);
  through.host = `${proxy.host}:${proxy.port}`;
  app = await startAppProcess(appDir('db-api'), {
    PATH,
    DATABASE_URL: through.toString(),
    BEARER: TOKEN,
    MIGRATE_ON_START: 'true',
    DB_POOL_MAX: '4',
    DB_ACQUIRE_TIMEOUT_MS: String(ACQUIRE_MS),
    DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_MS),
    // The cut points are byte offsets of one request: they need the same bytes on every connection,
    // which prepared statements (Parse on a connection's first use only) do not give.
    DB_PREPARED_STATEMENTS: 'false',
  });
  direct = new pg.Client({ connectionString: testDb.url });
  await direct.connect();
});

afterEach(async () => {
  proxy?.pass();
  expect(app.alive(), app.output()).toBe(true);
  expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
});

afterAll(async () => {
  await app?.stop();
  await proxy?.close();
  await direct?.end();
  await testDb?.drop();
});

describe('db-api through a fault proxy to PostgreSQL', () => {
  it('a reset mid-query answers 503 DATABASE_UNAVAILABLE at once; the next request succeeds', async () => {
    const total = await bytesOf('/example/users', { name: 'probe' });
    for (const cut of cutPoints(total, 3)) {
      await succeeds();
      proxy.resetAfterClientBytes(cut);
      const { value, ms } = await post('/example/users', { name: 'probe' });
      expectCoded(value, 503, ['DATABASE_UNAVAILABLE']);
      expect(value.retryAfter).toBe('1');
      expect(ms, `cut at byte ${cut} of ${total}`).toBeLessThan(RESET_BOUND_MS);
      expect(proxy.stats.armed).toBe(false);
      await succeeds();
    }
  });

  it('a reset mid-transaction leaves all of its rows or none, and the request can be made again', async () => {
    const users = (tag: string) => ['a', 'b', 'c'].map((suffix) => ({ name: `${tag}${suffix}` }));
    const total = await bytesOf('/example/add-users', { users: users('dry00') });
    const cuts = cutPoints(total, 8);
    for (const [index, cut] of cuts.entries()) {
      const batch = users(`tx${String(index).padStart(3, '0')}`);
      const names = batch.map((user) => user.name);
      await succeeds();
      proxy.resetAfterClientBytes(cut);
      const { value, ms } = await post('/example/add-users', { users: batch });
      expectCoded(value, 503, ['DATABASE_UNAVAILABLE']);
      expect(ms, `cut at byte ${cut} of ${total}`).toBeLessThan(RESET_BOUND_MS);
      // Only a cut after COMMIT's last byte commits (its answer lost); any earlier cut rolls back.
      expect(await rowsNamed(names), `cut at byte ${cut} of ${total}`).toBe(cut === total ? 3 : 0);

      const again = await post('/example/add-users', { users: batch });
      if (cut === total) expectCoded(again.value, 409, ['UNIQUE_VIOLATION']);
      else expect(again.value.status, JSON.stringify(again.value.body)).toBe(200);
      expect(await rowsNamed(names)).toBe(3);
    }
  });

  it('a stall answers 504 STATEMENT_TIMEOUT on an open connection and 503 on a new one, each within its bound', async () => {
    await succeeds();
    proxy.stall();
    // The pool's open connection takes the first request; the second needs a new connection.
    const held = post('/example/users', { name: 'probe' });
    await sleep(100);
    const fresh = await post('/example/users', { name: 'probe' });
    expectCoded(fresh.value, 503, ['POOL_EXHAUSTED', 'DATABASE_UNAVAILABLE']);
    expect(fresh.value.retryAfter).toBe('1');
    expect(fresh.ms).toBeLessThan(ACQUIRE_MS + MARGIN_MS);

    const { value, ms } = await held;
    expectCoded(value, 504, ['STATEMENT_TIMEOUT']);
    expect(ms).toBeLessThan(QUERY_TIMEOUT_MS + MARGIN_MS);
    expect(app.alive()).toBe(true);

    proxy.pass();
    await succeeds();
  });

  it('a stall mid-transaction answers 504 within the bound and writes nothing', async () => {
    const users = (tag: string) => ['a', 'b', 'c'].map((suffix) => ({ name: `${tag}${suffix}` }));
    const total = await bytesOf('/example/add-users', { users: users('dry01') });
    const batch = users('stall');
    await succeeds();
    // BEGIN and the first INSERT reach the server; then nothing moves either way.
    proxy.stallAfterClientBytes(Math.round(total / 2));
    const { value, ms } = await post('/example/add-users', { users: batch });
    expectCoded(value, 504, ['STATEMENT_TIMEOUT']);
    expect(ms).toBeLessThan(QUERY_TIMEOUT_MS + MARGIN_MS);
    expect(proxy.mode).toBe('stall');

    proxy.pass();
    await succeeds();
    expect(await rowsNamed(batch.map((user) => user.name))).toBe(0);
    expect((await post('/example/add-users', { users: batch })).value.status).toBe(200);
  });

  it('refused connections answer 503 DATABASE_UNAVAILABLE at once; the next request after pass succeeds', async () => {
    await succeeds();
    proxy.reset();
    proxy.refuse();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const { value, ms } = await post('/example/users', { name: 'probe' });
      expectCoded(value, 503, ['DATABASE_UNAVAILABLE']);
      expect(value.retryAfter).toBe('1');
      expect(ms).toBeLessThan(RESET_BOUND_MS);
    }
    proxy.pass();
    await succeeds();
  });
});
