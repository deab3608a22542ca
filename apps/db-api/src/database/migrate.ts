import { existsSync } from 'node:fs';
import pg, { type ClientConfig } from 'pg';
import type { Logger } from '@platform/logging';

export interface MigrateOptions {
  connection: string | ClientConfig;
  /** Folder of `<timestamp>_<name>.sql` files with `-- Up Migration` / `-- Down Migration` parts. */
  dir: string;
  logger: Logger;
  /** Bound on waiting for another replica's migration and for table locks. */
  lockTimeoutMs: number;
  connectTimeoutMs?: number;
}

/**
 * Applies pending migrations with node-pg-migrate on a connection of its own.
 * Its advisory lock is taken in `wait` mode, so replicas starting together queue
 * up: the first migrates, the others then find nothing to do. All pending files
 * run in one transaction. Returns the names applied.
 */
export async function migrate(options: MigrateOptions): Promise<string[]> {
  const { connection, dir, logger, lockTimeoutMs, connectTimeoutMs = 10_000 } = options;
  if (!existsSync(dir)) return [];
  // Loaded only to migrate: node-pg-migrate brings a TypeScript loader and glob, a tenth of a start.
  const { runner } = await import('node-pg-migrate');
  const base: ClientConfig = typeof connection === 'string' ? { connectionString: connection } : connection;
  // No statement timeout here: a migration may rightly take long; lock waits stay bounded.
  const client = new pg.Client({
    ...base,
    connectionTimeoutMillis: connectTimeoutMs,
    application_name: 'db-api migrations',
  });
  client.on('error', (error) => logger.warn({ err: error }, 'Migration connection failed'));
  await client.connect();
  try {
    await client.query(`SET lock_timeout = ${Math.trunc(lockTimeoutMs)}`);
    await client.query('SET statement_timeout = 0');
    const applied = await runner({
      dbClient: client,
      dir,
      direction: 'up',
      migrationsTable: 'pgmigrations',
      advisoryLockMode: 'wait',
      singleTransaction: true,
      checkOrder: true,
      logger: {
        debug: (message) => logger.debug(message),
        info: (message) => logger.info(message),
        warn: (message) => logger.warn(message),
        error: (message) => logger.error(message),
      },
    });
    return applied.map((migration) => migration.name);
  } finally {
    await client.end().catch(() => undefined);
  }
}
