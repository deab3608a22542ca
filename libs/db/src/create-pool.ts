import pg, { type ClientConfig } from 'pg';
import { databaseLabel, watchPool } from './pool-metrics.js';
import { exactTypes } from './type-parsers.js';

export interface PoolOptions {
  /** A postgres:// URL, or libpq-style fields (host, port, user, password, database, ssl). */
  connection: string | ClientConfig;
  /** Most connections open at once. */
  max?: number;
  /** Longest wait for a connection, from the pool or a new one; past it the caller gets an error. */
  acquireTimeoutMs?: number;
  /** Server-side bound on each statement (SQLSTATE 57014 past it). */
  statementTimeoutMs?: number;
  /** Client-side backstop for a server that stops answering, past the statement timeout. */
  queryTimeoutMs?: number;
  /** An idle connection is closed after this long. */
  idleTimeoutMs?: number;
  /** A connection is replaced after this long, so server-side memory and DNS changes are picked up. */
  maxLifetimeSeconds?: number;
  applicationName?: string;
  /** The `database` label of the pool's metrics; by default the database of `connection`. */
  metricsName?: string;
}

/**
 * A pg Pool with everything bounded, TCP keep-alive on, and this lib's type
 * parsers (per pool; pg's global parsers are left alone), reported in the metrics
 * db_pool_connections and db_pool_acquire_seconds. Idle-connection errors
 * (a server restart) must be handled by the caller: attach `pool.on('error')`.
 */
export function createPool(options: PoolOptions): pg.Pool {
  const {
    connection,
    max = 10,
    acquireTimeoutMs = 2_000,
    statementTimeoutMs = 5_000,
    queryTimeoutMs = statementTimeoutMs > 0 ? statementTimeoutMs + 5_000 : undefined,
    idleTimeoutMs = 30_000,
    maxLifetimeSeconds = 3_600,
    applicationName,
    metricsName = databaseLabel(connection),
  } = options;
  const base: ClientConfig = typeof connection === 'string' ? { connectionString: connection } : connection;
  const pool = new pg.Pool({
    ...base,
    max,
    connectionTimeoutMillis: acquireTimeoutMs,
    idleTimeoutMillis: idleTimeoutMs,
    maxLifetimeSeconds,
    keepAlive: true,
    types: exactTypes,
    ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
    ...(queryTimeoutMs ? { query_timeout: queryTimeoutMs } : {}),
    ...(applicationName ? { application_name: applicationName } : {}),
  });
  watchPool(pool, metricsName);
  return pool;
}
