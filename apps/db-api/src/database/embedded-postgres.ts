import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ClientConfig } from 'pg';
import type { Logger } from '@platform/logging';

export interface EmbeddedPostgres {
  /** How pg reaches it: a Unix socket in a private folder. */
  connection: ClientConfig;
  close: () => Promise<void>;
}

export interface EmbeddedPostgresOptions {
  logger: Logger;
  /** Keep the data in this folder; in memory when unset. */
  dataDir?: string | undefined;
}

/** PostgreSQL's socket file name for a port, which pg derives from host (a folder) and port. */
const SOCKET_PORT = 5432;

/**
 * A real PostgreSQL engine in this process (PGlite, compiled to WebAssembly),
 * served over the wire protocol on a Unix socket only this user can reach, so
 * the app talks to it through the same pg code path as to a server.
 * PGlite is one session: use a pool of one connection so transactions stay isolated.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { logger, dataDir } = options;
  const started = performance.now();
  // Loaded only when used: the engine is large.
  const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-socket'),
  ]);
  const socketDir = await mkdtemp(path.join(tmpdir(), 'db-api-pglite-'));
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  // Two connections leave room for a replacement while a broken one is still being detached.
  const server = new PGLiteSocketServer({
    db,
    path: path.join(socketDir, `.s.PGSQL.${SOCKET_PORT}`),
    maxConnections: 2,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    await rm(socketDir, { recursive: true, force: true });
    throw error;
  }
  // A warning every time: one process, no replicas, and (in memory) nothing kept past exit.
  logger.warn(
    {
      'db.embedded': true,
      dataDir: dataDir ?? 'memory',
      duration_ms: Math.round(performance.now() - started),
    },
    `Embedded PostgreSQL (PGlite) in use${
      dataDir ? ` with data in ${dataDir}` : ', in memory: everything is lost at exit'
    }; set DATABASE_URL for a real server`,
  );
  return {
    connection: { host: socketDir, port: SOCKET_PORT, user: 'postgres', database: 'postgres' },
    close: async () => {
      await server.stop();
      await db.close();
      await rm(socketDir, { recursive: true, force: true });
    },
  };
}
