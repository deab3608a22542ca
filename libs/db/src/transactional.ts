import { setTimeout as sleep } from 'node:timers/promises';
import type { PoolClient, QueryResult } from 'pg';
import { BeginWithFirstStatement } from './begin-with-first-statement.js';
import { clientQuery } from './client-query.js';
import { isDatabaseError } from './database-error.js';
import { Db, lastStatementOf } from './db.js';
import { sqlStateError, toDatabaseError } from './to-database-error.js';

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  /** BEGIN … READ ONLY: PostgreSQL refuses any write (READ_ONLY_TRANSACTION). */
  readOnly?: boolean;
  isolation?: IsolationLevel;
  /**
   * Further attempts after a serialization failure or deadlock (and, for a
   * read-only transaction, a lost connection): the whole function runs again,
   * so it must not have effects outside the database.
   */
  retries?: number;
  /** SET LOCAL statement_timeout for this transaction only. */
  statementTimeoutMs?: number;
  /** Prepare statements with parameters by name (Db's `prepare`); the source's choice by default. */
  prepare?: boolean;
}

/** Where a transaction gets its connection: a pg Pool or a Database. */
export interface ConnectionSource {
  connect(): Promise<PoolClient>;
  /** Whether statements are prepared (a Database says; a bare pg Pool does not). */
  readonly prepare?: boolean;
}

export type TransactionBody<T> = (db: Db, client: PoolClient) => Promise<T>;

/** Connections whose ROLLBACK failed: they go back to the pool only to be destroyed. */
const broken = new WeakSet<PoolClient>();

function beginStatement(options: TransactionOptions): string {
  const { readOnly = false, isolation } = options;
  return `BEGIN${isolation ? ` ISOLATION LEVEL ${isolation.toUpperCase()}` : ''}${readOnly ? ' READ ONLY' : ''}`;
}

function run(client: PoolClient, sql: string): Promise<QueryResult> {
  return clientQuery(client, sql).catch((error: unknown) => Promise.reject(toDatabaseError(error)));
}

/**
 * COMMIT, refused when PostgreSQL rolled back instead: after a failed statement whose error the
 * body caught, the transaction is aborted and COMMIT only ends it, with the tag ROLLBACK.
 */
async function commit(client: PoolClient): Promise<void> {
  const { command } = await run(client, 'COMMIT');
  if (command === 'ROLLBACK') throw sqlStateError('25P02');
}

/**
 * Runs `fn` inside BEGIN … COMMIT on a connection the caller already holds
 * (the seed's `transactional(conn)`); any error rolls everything back and is rethrown.
 * BEGIN (and SET LOCAL statement_timeout) leaves with the body's first statement, in the same
 * round trip; a body that takes the raw connection (`fn(db, client)`) gets BEGIN before it runs.
 */
export async function inTransaction<T>(
  client: PoolClient,
  fn: TransactionBody<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const opening = [beginStatement(options)];
  const { statementTimeoutMs } = options;
  if (statementTimeoutMs !== undefined) {
    opening.push(`SET LOCAL statement_timeout = ${Math.max(0, Math.trunc(statementTimeoutMs))}`);
  }
  const connection = new BeginWithFirstStatement(client, opening);
  try {
    if (fn.length >= 2)
      await connection.begin().catch((error: unknown) => Promise.reject(toDatabaseError(error)));
    const db = new Db(connection, { prepare: options.prepare ?? true });
    // A body that returns its one statement's own promise does nothing after it: COMMIT goes
    // with that statement, and the whole transaction takes one round trip.
    let body: Promise<T> | undefined;
    let committing = false;
    connection.hold();
    try {
      body = fn(db, client);
    } finally {
      committing = connection.send(body !== undefined && body === lastStatementOf(db));
    }
    const result = await body;
    // A body that ran no statement opened no transaction: there is nothing to commit.
    if (connection.begun && !committing) await commit(client);
    return result;
  } catch (error) {
    // On a lost connection a ROLLBACK could only wait out its own timeout: the server rolls back
    // when the connection closes, so the connection is marked to be destroyed instead.
    if (isDatabaseError(error) && error.connectionLost) broken.add(client);
    else if (connection.begun) await clientQuery(client, 'ROLLBACK').catch(() => broken.add(client));
    throw error;
  }
}

function shouldRetry(error: unknown, options: TransactionOptions): boolean {
  if (!isDatabaseError(error)) return false;
  return error.retryable || (options.readOnly === true && error.connectionLost);
}

/**
 * Takes a connection from `source`, runs `fn` in a transaction, commits on
 * success, rolls back on any error, and always gives the connection back
 * (destroying it when it is no longer usable). Serialization failures and
 * deadlocks are retried `retries` times.
 */
export async function transactional<T>(
  source: ConnectionSource,
  fn: TransactionBody<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const { retries = 2 } = options;
  for (let attempt = 0; ; attempt += 1) {
    let client: PoolClient;
    try {
      client = await source.connect();
    } catch (error) {
      throw toDatabaseError(error);
    }
    let destroy = false;
    try {
      return await inTransaction(client, fn, { prepare: source.prepare ?? true, ...options });
    } catch (error) {
      destroy = broken.has(client) || (isDatabaseError(error) && error.connectionLost);
      if (attempt >= retries || !shouldRetry(error, options)) throw error;
    } finally {
      client.release(destroy);
    }
    await sleep(10 * 2 ** attempt + Math.random() * 20);
  }
}
