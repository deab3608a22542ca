import path from 'node:path';
import type { ClientConfig } from 'pg';
import { Database, type DatabaseOptions } from '@platform/db';
import { AppError } from '@platform/errors';
import type { Readiness } from '@platform/http';
import type { Logger } from '@platform/logging';
import { defaultConnection, describeConnection, type LibpqSettings } from './connection-config.js';
import { DatabaseRegistry } from './database-registry.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
import { MigrationRunner } from './migration-runner.js';

export interface DatabaseSettings extends LibpqSettings {
  DB_POOL_MAX: number;
  DB_ACQUIRE_TIMEOUT_MS: number;
  DB_STATEMENT_TIMEOUT_MS: number;
  DB_IDLE_TIMEOUT_MS: number;
  DB_MAX_WAITING: number;
  /** Unset (tests) prepares statements, as the setting does by default. */
  DB_PREPARED_STATEMENTS?: boolean;
  MIGRATE_ON_START: boolean;
  MIGRATION_LOCK_TIMEOUT_MS: number;
  EMBEDDED_DATA_DIR?: string | undefined;
  WEB_CONCURRENCY: number;
}

export interface OpenDatabasesOptions {
  settings: DatabaseSettings;
  /** Further databases by name, with their URLs (DATABASE_URL_<NAME>). */
  named: Readonly<Record<string, string>>;
  /** The app folder; migrations are in migrations/<database name>/. */
  root: string;
  logger: Logger;
  readiness: Readiness;
}

export interface OpenedDatabases {
  registry: DatabaseRegistry;
  embedded: boolean;
  close: () => Promise<void>;
}

/**
 * Opens every named database (the default one embedded when nothing is
 * configured), registers their readiness checks, and migrates them when asked.
 */
export async function openDatabases(options: OpenDatabasesOptions): Promise<OpenedDatabases> {
  const { settings, named, root, logger, readiness } = options;
  const plan = defaultConnection(settings);
  if (plan.kind === 'embedded' && settings.WEB_CONCURRENCY > 1) {
    throw new AppError(
      'EMBEDDED_SINGLE_PROCESS',
      'The embedded database serves one process: set DATABASE_URL (or PGHOST) to use WEB_CONCURRENCY > 1',
    );
  }
  let embedded: EmbeddedPostgres | undefined;
  const runners: MigrationRunner[] = [];
  const databases: Database[] = [];
  const close = async (): Promise<void> => {
    for (const runner of runners) runner.stop();
    await new DatabaseRegistry(databases).close();
    await embedded?.close();
  };

  try {
    if (plan.kind === 'embedded')
      embedded = await startEmbeddedPostgres({ logger, dataDir: settings.EMBEDDED_DATA_DIR });
    const connections: [string, string | ClientConfig][] = [
      ['default', plan.kind === 'server' ? plan.connection : (embedded as EmbeddedPostgres).connection],
      ...Object.entries(named),
    ];
    for (const [name, connection] of connections) {
      const isEmbedded = name === 'default' && embedded !== undefined;
      const poolOptions: DatabaseOptions = {
        name,
        connection,
        applicationName: 'db-api',
        // PGlite is one session, and cannot interrupt a running statement.
        max: isEmbedded ? 1 : settings.DB_POOL_MAX,
        statementTimeoutMs: isEmbedded ? 0 : settings.DB_STATEMENT_TIMEOUT_MS,
        acquireTimeoutMs: settings.DB_ACQUIRE_TIMEOUT_MS,
        idleTimeoutMs: settings.DB_IDLE_TIMEOUT_MS,
        maxWaiting: settings.DB_MAX_WAITING,
        prepare: !isEmbedded && (settings.DB_PREPARED_STATEMENTS ?? true),
        onIdleError: (error) =>
          logger.warn(
            { 'db.name': name, code: (error as { code?: unknown }).code },
            `Idle connection to ${name} lost`,
          ),
      };
      const database = new Database(poolOptions);
      databases.push(database);
      readiness.register(`database:${name}`, () => database.ping());
      logger.info(
        { 'db.name': name, 'db.target': isEmbedded ? 'embedded' : describeConnection(connection) },
        `Database ${name}: ${isEmbedded ? 'embedded PostgreSQL' : describeConnection(connection)}`,
      );
      if (settings.MIGRATE_ON_START) {
        const runner = new MigrationRunner({
          connection,
          dir: path.join(root, 'migrations', name),
          logger: logger.child({ 'db.name': name, component: 'migrations' }),
          lockTimeoutMs: settings.MIGRATION_LOCK_TIMEOUT_MS,
        });
        runners.push(runner);
        readiness.register(`migrations:${name}`, () => runner.done);
        await runner.start();
      }
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { registry: new DatabaseRegistry(databases), embedded: embedded !== undefined, close };
}
