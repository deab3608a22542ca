import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { listen, Readiness, type Listening } from '@platform/http';
import { defineAction } from '../src/actions/define-action.js';
import { defineModule } from '../src/actions/define-module.js';
import { createApp } from '../src/app.js';
import { openDatabases, type OpenedDatabases } from '../src/database/open-databases.js';
import { captureLogs } from './support/logs.js';
import { appRoot, TOKEN } from './support/start-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const reports = defineModule({
  name: 'reports',
  actions: {
    where: defineAction({
      summary: 'Which databases the action reaches',
      input: z.strictObject({}),
      output: z.unknown(),
      database: 'reporting',
      handler: async (_input, { db, database }) => ({
        injected: await db.fetchOne('SELECT current_database()'),
        byName: await database('default').fetchOne('SELECT current_database()'),
      }),
    }),
  },
});

let main: TestDatabase;
let reporting: TestDatabase;
let opened: OpenedDatabases;
let server: Listening;
const readiness = new Readiness({ timeoutMs: 2_000 });

beforeAll(async () => {
  [main, reporting] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  const { logger } = captureLogs();
  opened = await openDatabases({
    settings: {
      DATABASE_URL: main.url,
      DB_POOL_MAX: 2,
      DB_ACQUIRE_TIMEOUT_MS: 2_000,
      DB_STATEMENT_TIMEOUT_MS: 5_000,
      DB_IDLE_TIMEOUT_MS: 30_000,
      DB_MAX_WAITING: 10,
      MIGRATE_ON_START: true,
      MIGRATION_LOCK_TIMEOUT_MS: 10_000,
      WEB_CONCURRENCY: 1,
    },
    named: { reporting: reporting.url },
    root: appRoot,
    logger,
    readiness,
  });
  const app = createApp({
    logger,
    readiness,
    databases: opened.registry,
    tokens: [TOKEN],
    modules: [reports],
  });
  server = await listen({ handler: app, port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await server?.close(100);
  await opened?.close();
  await Promise.all([main?.drop(), reporting?.drop()]);
});

describe('named databases', () => {
  it('inject the database an action names and give any other by name', async () => {
    const response = await fetch(`${server.url}/reports/where`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(await response.json()).toEqual({ injected: reporting.name, byName: main.name });
  });

  it('each get a pool and a readiness check, and only the default one has migrations', async () => {
    expect(opened.registry.names).toEqual(['default', 'reporting']);
    expect(await (await fetch(`${server.url}/readyz`)).json()).toMatchObject({
      checks: { 'database:default': 'ok', 'database:reporting': 'ok', 'migrations:reporting': 'ok' },
    });
    expect(await opened.registry.get('default').fetchOne("SELECT to_regclass('users')::text")).toBe('users');
    expect(await opened.registry.get('reporting').fetchOne("SELECT to_regclass('users')::text")).toBeNull();
  });

  it('refuse to start when an action names a database that is not configured', () => {
    const { logger } = captureLogs();
    const orphan = defineModule({
      name: 'orphan',
      actions: { x: { ...reports.actions['where']!, database: 'missing' } },
    });
    expect(() =>
      createApp({ logger, databases: opened.registry, tokens: [TOKEN], modules: [orphan] }),
    ).toThrow(expect.objectContaining({ code: 'UNKNOWN_DATABASE' }));
  });
});
