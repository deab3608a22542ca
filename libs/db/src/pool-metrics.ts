import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { gauge, LabelHistogram } from '@platform/metrics';

interface Watched {
  pool: WeakRef<pg.Pool>;
  database: string;
}

const watched = new Set<Watched>();

/** Seconds; a pooled connection comes in microseconds, a new one in milliseconds, a full pool waits. */
const acquireBuckets = [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

function ensureGauge(): void {
  gauge({
    name: 'db_pool_connections',
    help: 'PostgreSQL pool connections by state: total open, idle, and callers waiting for one',
    labelNames: ['database', 'state'],
    collect() {
      this.reset();
      const sums = new Map<string, [number, number, number]>();
      for (const entry of watched) {
        const pool = entry.pool.deref();
        if (pool === undefined || pool.ended) {
          watched.delete(entry);
          continue;
        }
        const sum = sums.get(entry.database) ?? [0, 0, 0];
        sum[0] += pool.totalCount;
        sum[1] += pool.idleCount;
        sum[2] += pool.waitingCount;
        sums.set(entry.database, sum);
      }
      for (const [database, [total, idle, waiting]] of sums) {
        this.set({ database, state: 'total' }, total);
        this.set({ database, state: 'idle' }, idle);
        this.set({ database, state: 'waiting' }, waiting);
      }
    },
  });
}

function acquireHistogram(): LabelHistogram {
  return LabelHistogram.registered({
    name: 'db_pool_acquire_seconds',
    help: 'Time to get a connection from a PostgreSQL pool (a pooled one, a new one, or after a wait)',
    labelNames: ['database'],
    buckets: acquireBuckets,
  });
}

type ConnectCallback = (
  error: Error | undefined,
  client: pg.PoolClient | undefined,
  done: (release?: unknown) => void,
) => void;

/**
 * Reports `pool` in db_pool_connections{database,state} (read at scrape time) and times every
 * connection it hands out in db_pool_acquire_seconds{database}, pool.query's included.
 * `database` is a configured name (the database of the connection settings), never user input.
 */
export function watchPool(pool: pg.Pool, database: string): void {
  ensureGauge();
  const histogram = acquireHistogram();
  histogram.define(database, [database]);
  watched.add({ pool: new WeakRef(pool), database });
  const connect = pool.connect.bind(pool) as (
    callback?: ConnectCallback,
  ) => Promise<pg.PoolClient> | undefined;
  const observe = (started: number): void => {
    histogram.observe(database, (performance.now() - started) / 1_000);
  };
  (pool as unknown as { connect: (callback?: ConnectCallback) => unknown }).connect = (callback) => {
    const started = performance.now();
    if (callback) {
      return connect((error, client, done) => {
        observe(started);
        callback(error, client, done);
      });
    }
    return (connect() as Promise<pg.PoolClient>).then(
      (client) => {
        observe(started);
        return client;
      },
      (error: unknown) => {
        observe(started);
        throw error;
      },
    );
  };
}

/** The database label of a pool's connection settings. */
export function databaseLabel(connection: string | pg.ClientConfig): string {
  if (typeof connection !== 'string') {
    if (connection.database) return connection.database;
    return connection.connectionString ? databaseLabel(connection.connectionString) : 'postgres';
  }
  try {
    const name = decodeURIComponent(new URL(connection).pathname.slice(1));
    return name || 'postgres';
  } catch {
    return 'postgres';
  }
}
