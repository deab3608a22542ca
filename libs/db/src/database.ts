import type pg from 'pg';
import type { PoolClient, QueryConfig, QueryResult, QueryResultRow } from 'pg';
import { submitQuery } from './client-query.js';
import { isDatabaseError } from './database-error.js';
import { createPool, type PoolOptions } from './create-pool.js';
import { Db, type Queryable } from './db.js';
import { poolExhausted, toDatabaseError } from './to-database-error.js';
import { transactional, type TransactionBody, type TransactionOptions } from './transactional.js';

export interface DatabaseOptions extends PoolOptions {
  /** The name actions use to ask for this database ("default", "reporting"…). */
  name?: string;
  /** Most callers waiting for a connection; past it they are refused at once (POOL_EXHAUSTED). */
  maxWaiting?: number;
  /** Seconds a refused caller is told to wait (Retry-After). */
  retryAfterSeconds?: number;
  /** A success younger than this answers a health check without a round trip. */
  healthWindowMs?: number;
  /** Errors of idle connections (a server restart); the pool drops the connection itself. */
  onIdleError?: (error: Error) => void;
  /**
   * Prepare statements with parameters by name, once per connection (true by default);
   * false behind PgBouncer in transaction mode before 1.21.
   */
  prepare?: boolean;
}

export interface DatabaseStats {
  total: number;
  idle: number;
  waiting: number;
}

/** Connections that already carry the checked-out error listener (pg-pool reuses them). */
const guarded = new WeakSet<PoolClient>();

/** Runs one statement on a pooled connection with bounded waiting and mapped errors. */
class PoolRunner implements Queryable {
  readonly pool: pg.Pool;
  readonly #maxWaiting: number;
  readonly #retryAfterSeconds: number;
  lastSuccessAt = 0;
  lastFailureAt = 0;

  constructor(pool: pg.Pool, maxWaiting: number, retryAfterSeconds: number) {
    this.pool = pool;
    this.#maxWaiting = maxWaiting;
    this.#retryAfterSeconds = retryAfterSeconds;
  }

  /** A connection of the pool, guarded; one promise, by pg-pool's callback. */
  connect(): Promise<PoolClient> {
    return new Promise((resolve, reject) => this.#acquire(resolve, reject));
  }

  /** Takes a connection, runs one statement on it and gives it back: one promise in all. */
  query<R extends QueryResultRow = QueryResultRow>(config: QueryConfig): Promise<QueryResult<R>> {
    return new Promise((resolve, reject) => {
      this.#acquire((client) => {
        submitQuery<R>(client, config, (error, result) => {
          if (error) {
            const mapped = this.#failed(error);
            client.release(isDatabaseError(mapped) && mapped.connectionLost);
            reject(mapped);
            return;
          }
          this.lastSuccessAt = Date.now();
          client.release();
          resolve(result);
        });
      }, reject);
    });
  }

  /**
   * Hands a guarded connection to `use`, or the mapped failure to `fail`: POOL_EXHAUSTED at once
   * when maxWaiting callers already wait, else pg-pool's own refusal after its acquire timeout.
   */
  #acquire(use: (client: PoolClient) => void, fail: (error: Error) => void): void {
    if (this.pool.waitingCount >= this.#maxWaiting) {
      fail(poolExhausted(undefined, this.#retryAfterSeconds));
      return;
    }
    this.pool.connect((error, client) => {
      if (error || client === undefined) fail(this.#failed(error));
      else use(this.#guarded(client));
    });
  }

  #guarded(client: PoolClient): PoolClient {
    if (!guarded.has(client)) {
      guarded.add(client);
      // pg-pool listens for errors only while a connection is idle: a reset while one is checked out
      // is emitted as 'error' with no listener, which ends the process. The query in flight gets the
      // error too (and is mapped), and a later query on the dead client fails as not queryable.
      client.on('error', () => {
        this.lastFailureAt = Date.now();
      });
    }
    return client;
  }

  #failed(error: unknown): Error {
    const mapped = toDatabaseError(error);
    if (isDatabaseError(mapped) && mapped.connectionLost) this.lastFailureAt = Date.now();
    if (mapped.code === 'POOL_EXHAUSTED') return poolExhausted(error, this.#retryAfterSeconds);
    return mapped;
  }
}

/**
 * One named PostgreSQL database: a bounded pg Pool plus the dbutils helpers
 * (fetchAll, select, upsert… run on any free connection), transactions, and a
 * health check for /readyz.
 */
export class Database extends Db {
  readonly name: string;
  readonly #runner: PoolRunner;
  readonly #healthWindowMs: number;

  constructor(options: DatabaseOptions) {
    const {
      name = 'default',
      maxWaiting = 100,
      retryAfterSeconds = 1,
      healthWindowMs = 1_000,
      onIdleError = () => undefined,
      prepare = true,
      ...poolOptions
    } = options;
    const pool = createPool({ metricsName: name, ...poolOptions });
    // Without a listener an idle connection's error (server restart) would crash the process.
    pool.on('error', onIdleError);
    const runner = new PoolRunner(pool, maxWaiting, retryAfterSeconds);
    super(runner, { prepare });
    this.name = name;
    this.#runner = runner;
    this.#healthWindowMs = healthWindowMs;
  }

  /** The underlying pool, for tools that need it (migrations). */
  get pool(): pg.Pool {
    return this.#runner.pool;
  }

  get stats(): DatabaseStats {
    const { pool } = this.#runner;
    return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
  }

  /** A connection of its own (release it!); POOL_EXHAUSTED or DATABASE_UNAVAILABLE when none comes. */
  connect(): Promise<PoolClient> {
    return this.#runner.connect();
  }

  /** Runs `fn` in a transaction on one connection: commit on success, rollback on any error. */
  transaction<T>(fn: TransactionBody<T>, options?: TransactionOptions): Promise<T> {
    return transactional(this, fn, options);
  }

  /** Resolves when the database answers; a recent success counts, unless a connection failed since. */
  async ping(): Promise<void> {
    const { lastSuccessAt, lastFailureAt } = this.#runner;
    if (lastSuccessAt > lastFailureAt && Date.now() - lastSuccessAt < this.#healthWindowMs) return;
    await this.execute('SELECT 1');
  }

  async close(): Promise<void> {
    if (!this.#runner.pool.ended) await this.#runner.pool.end();
  }
}
