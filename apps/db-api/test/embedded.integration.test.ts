import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readiness } from '@platform/http';
import { startServer, type TestServer } from '@platform/http/testing';
import { createApp } from '../src/app.js';
import {
  openDatabases,
  type DatabaseSettings,
  type OpenedDatabases,
} from '../src/database/open-databases.js';
import { captureLogger } from '@platform/logging/testing';
import { appRoot, TOKEN } from './support/start-app.js';

const settings: DatabaseSettings = {
  DB_POOL_MAX: 10,
  DB_ACQUIRE_TIMEOUT_MS: 10_000,
  DB_STATEMENT_TIMEOUT_MS: 5_000,
  DB_IDLE_TIMEOUT_MS: 30_000,
  DB_MAX_WAITING: 200,
  MIGRATE_ON_START: true,
  MIGRATION_LOCK_TIMEOUT_MS: 10_000,
  WEB_CONCURRENCY: 1,
};

const logs = captureLogger({ app: 'db-api' });
const { logger } = logs;
const readiness = new Readiness({ timeoutMs: 2_000 });
let opened: OpenedDatabases;
let server: TestServer;

const post = (route: string, body: unknown) =>
  fetch(`${server.url}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  opened = await openDatabases({ settings, named: {}, root: appRoot, logger, readiness });
  const app = createApp({ logger, readiness, databases: opened.registry, tokens: [TOKEN] });
  server = await startServer(app);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await opened?.close();
});

describe('the embedded database (no DATABASE_URL, no PGHOST)', () => {
  it('is a real PostgreSQL reached through pg, migrated at start-up', async () => {
    expect(opened.embedded).toBe(true);
    const notice = logs
      .entries()
      .find((line) => String(line['message']).startsWith('Embedded PostgreSQL (PGlite) in use'));
    expect(notice?.['log.level']).toBe('warn');
    expect(notice?.['message']).toMatch(/in memory: everything is lost at exit; set DATABASE_URL/);
    const version = await opened.registry.get('default').fetchOne<string>('SELECT version()');
    expect(version).toMatch(/^PostgreSQL \d+/);
    expect(await (await fetch(`${server.url}/readyz`)).json()).toMatchObject({
      status: 'ready',
      checks: { 'database:default': 'ok', 'migrations:default': 'ok' },
    });
  });

  it('serves the example module', async () => {
    expect(await (await post('/example/bar', { name: 'ana', email: 'a@example.com' })).json()).toEqual([
      { name: 'ana', email: 'a@example.com' },
    ]);
    expect(await (await post('/example/users', { name: 'ana' })).json()).toEqual([
      { name: 'ana', email: 'a@example.com' },
    ]);
  });

  it('keeps transactions isolated under concurrent requests', async () => {
    const requests = Array.from({ length: 12 }, (_, i) =>
      i % 3 === 0
        ? post('/example/add-users', { users: [{ name: `batch-${i}` }, { name: 'ana' }] })
        : post('/example/bar', { name: `solo-${i}`, email: `s${i}@example.com` }),
    );
    const statuses = await Promise.all(requests.map(async (request) => (await request).status));
    expect(statuses).toEqual(Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? 409 : 200)));
    const database = opened.registry.get('default');
    expect(await database.fetchOne("SELECT count(*) FROM users WHERE name LIKE 'batch-%'")).toBe(0n);
    expect(await database.fetchOne("SELECT count(*) FROM users WHERE name LIKE 'solo-%'")).toBe(8n);
  });

  it('refuses to serve several worker processes', async () => {
    await expect(
      openDatabases({
        settings: { ...settings, WEB_CONCURRENCY: 2 },
        named: {},
        root: appRoot,
        logger,
        readiness: new Readiness(),
      }),
    ).rejects.toMatchObject({ code: 'EMBEDDED_SINGLE_PROCESS' });
  });
});
