import path from 'node:path';
import { Database, type DatabaseOptions } from '@platform/db';
import { Readiness } from '@platform/http';
import { startServer } from '@platform/http/testing';
import { captureLogger, type CapturedLogger } from '@platform/logging/testing';
import type { ModuleDefinition } from '../../src/actions/define-module.js';
import { createApp } from '../../src/app.js';
import { DatabaseRegistry } from '../../src/database/database-registry.js';
import { migrate } from '../../src/database/migrate.js';
import { modules as registeredModules } from '../../src/modules/index.js';

export const TOKEN = 'test-token-0123456789abcdef';
export const appRoot = path.resolve(import.meta.dirname, '../..');

export interface StartedApp {
  base: string;
  database: Database;
  logs: CapturedLogger;
  post: (route: string, body?: unknown, headers?: Record<string, string>) => Promise<Response>;
  close: () => Promise<void>;
}

/** Applies the app's real migrations to a test database. */
export async function migrateTestDatabase(url: string): Promise<string[]> {
  const { logger } = captureLogger({ app: 'db-api' });
  return migrate({
    connection: url,
    dir: path.join(appRoot, 'migrations/default'),
    logger,
    lockTimeoutMs: 10_000,
  });
}

export interface StartAppOptions {
  url: string;
  modules?: readonly ModuleDefinition[];
  database?: Partial<DatabaseOptions>;
  bodyLimit?: string;
  batchMaxItems?: number;
}

/** The real app on port 0, on its own pool to the given database. */
export async function startApp(options: StartAppOptions): Promise<StartedApp> {
  const logs = captureLogger({ app: 'db-api' });
  const { logger } = logs;
  const database = new Database({ name: 'default', connection: options.url, max: 4, ...options.database });
  const databases = new DatabaseRegistry([database]);
  const readiness = new Readiness({ timeoutMs: 1_000 }).register('database:default', () => database.ping());
  const app = createApp({
    logger,
    databases,
    readiness,
    tokens: [TOKEN, 'rotated-token-0123456789abcdef'],
    modules: options.modules ?? registeredModules,
    bodyLimit: options.bodyLimit ?? '2kb',
    ...(options.batchMaxItems === undefined ? {} : { batchMaxItems: options.batchMaxItems }),
  });
  const server = await startServer(app);
  const post = (route: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${route}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  return {
    base: server.url,
    database,
    logs,
    post,
    close: async () => {
      await server.close();
      await databases.close();
    },
  };
}
