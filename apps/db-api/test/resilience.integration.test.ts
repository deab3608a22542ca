import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAction } from '../src/actions/define-action.js';
import { defineModule } from '../src/actions/define-module.js';
import { modules } from '../src/modules/index.js';
import { startApp, migrateTestDatabase, type StartedApp } from './support/start-app.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';
import { startThrowawayCluster, type ThrowawayCluster } from './support/throwaway-cluster.js';

const slow = defineModule({
  name: 'slow',
  actions: {
    sleep: defineAction({
      summary: 'Holds a connection for a while',
      input: z.strictObject({ seconds: z.number().min(0).max(5) }),
      output: z.unknown(),
      handler: async ({ seconds }, { db }) => {
        await db.execute('SELECT pg_sleep($1)', [seconds]);
        return true;
      },
    }),
  },
});

let testDb: TestDatabase;
const running: StartedApp[] = [];

async function start(
  options: Omit<Parameters<typeof startApp>[0], 'url'> & { url?: string },
): Promise<StartedApp> {
  const app = await startApp({ url: testDb.url, modules: [...modules, slow], ...options });
  running.push(app);
  return app;
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  await migrateTestDatabase(testDb.url);
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()));
});

afterAll(async () => {
  await testDb?.drop();
});

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('bounded waits', () => {
  it('answers 503 POOL_EXHAUSTED with Retry-After within the acquire timeout', async () => {
    const app = await start({ database: { max: 1, acquireTimeoutMs: 300 } });
    const holding = app.post('/slow/sleep', { seconds: 1.5 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    const response = await app.post('/example/users', { name: 'x' });
    expect(Date.now() - started).toBeLessThan(1_200);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({ error: { code: 'POOL_EXHAUSTED' } });
    expect((await holding).status).toBe(200);
    expect((await app.post('/example/users', { name: 'x' })).status).toBe(200);
  });

  it('answers 504 STATEMENT_TIMEOUT when a statement runs past the statement timeout', async () => {
    const app = await start({ database: { statementTimeoutMs: 300 } });
    const started = Date.now();
    const response = await app.post('/slow/sleep', { seconds: 3 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ error: { code: 'STATEMENT_TIMEOUT', sqlState: '57014' } });
    expect((await app.post('/slow/sleep', { seconds: 0 })).status).toBe(200);
  });
});

describe('an unreachable database', () => {
  let proxy: TcpProxy;

  beforeAll(async () => {
    const target = new URL(testDb.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  });

  afterAll(async () => {
    await proxy?.close();
  });

  it('makes /readyz fail and requests answer 503, until it is back', async () => {
    const url = new URL(testDb.url);
    url.host = `127.0.0.1:${proxy.port}`;
    const app = await start({ url: url.toString(), database: { acquireTimeoutMs: 500, healthWindowMs: 0 } });
    expect((await fetch(`${app.base}/readyz`)).status).toBe(200);

    proxy.cut();
    const notReady = await fetch(`${app.base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ checks: { 'database:default': 'down' } });
    const refused = await app.post('/example/users', { name: 'x' });
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: { code: 'DATABASE_UNAVAILABLE' } });
    expect((await fetch(`${app.base}/healthz`)).status).toBe(200);

    proxy.restore();
    await eventually(async () => (await fetch(`${app.base}/readyz`)).status === 200);
    expect((await app.post('/example/users', { name: 'x' })).status).toBe(200);
  });
});

describe('a database restart', () => {
  let cluster: ThrowawayCluster;

  beforeAll(async () => {
    cluster = await startThrowawayCluster();
    await migrateTestDatabase(cluster.url);
  }, 60_000);

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('is survived without restarting the app', async () => {
    const app = await start({
      url: cluster.url,
      database: { max: 3, acquireTimeoutMs: 1_000, healthWindowMs: 0 },
    });
    expect((await app.post('/example/bar', { name: 'durable', email: 'd@example.com' })).status).toBe(200);
    await Promise.all([
      app.post('/example/users', { name: 'durable' }),
      app.post('/example/users', { name: 'x' }),
    ]);

    await cluster.stop();
    const during = await app.post('/example/users', { name: 'durable' });
    expect(during.status).toBe(503);
    expect(await during.json()).toMatchObject({ error: { code: 'DATABASE_UNAVAILABLE' } });
    expect((await fetch(`${app.base}/readyz`)).status).toBe(503);

    await cluster.start();
    await eventually(async () => (await app.post('/example/users', { name: 'durable' })).status === 200);
    expect(await (await app.post('/example/users', { name: 'durable' })).json()).toEqual([
      { name: 'durable', email: 'd@example.com' },
    ]);
    expect((await fetch(`${app.base}/readyz`)).status).toBe(200);

    // A restart while connections sit idle in the pool.
    await cluster.restart();
    await eventually(
      async () => (await app.post('/example/bar', { name: 'after', email: 'a@example.com' })).status === 200,
    );
    expect((await app.post('/example/users', { name: 'after' })).status).toBe(200);
  }, 60_000);
});
