import type { QueryArrayConfig, QueryConfig, QueryResult, QueryResultRow } from 'pg';
import { bindNamed, compileNamed } from './named-parameters.js';
import {
  deleteStatement,
  functionCallStatement,
  insertStatement,
  selectStatement,
  updateStatement,
  upsertStatement,
  type Row,
  type Statement,
} from './statements.js';
import { toDatabaseError } from './to-database-error.js';

/** Anything that runs a statement: a pg Pool, PoolClient or Client, or a Database. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(config: QueryConfig): Promise<QueryResult<R>>;
}

/** `$1` placeholders take an array; `:name` placeholders take an object. */
export type SqlParams = readonly unknown[] | Readonly<Record<string, unknown>>;

/** Most distinct statements prepared per process; later ones run unprepared (a bound on server memory). */
const MAX_PREPARED = 256;
const preparedNames = new Map<string, string>();

/**
 * The name a statement is prepared under on each connection, so PostgreSQL parses and plans it
 * once per connection instead of on every call; undefined past MAX_PREPARED distinct texts.
 */
function preparedName(text: string): string | undefined {
  let name = preparedNames.get(text);
  if (name === undefined && preparedNames.size < MAX_PREPARED) {
    name = `platform_${preparedNames.size + 1}`;
    preparedNames.set(text, name);
  }
  return name;
}

function toConfig(sql: string, params: SqlParams | undefined, prepare: boolean): QueryConfig {
  let config: QueryConfig;
  if (params === undefined) return { text: sql };
  if (Array.isArray(params)) config = { text: sql, values: params as unknown[] };
  else {
    const compiled = compileNamed(sql);
    config = {
      text: compiled.text,
      values: bindNamed(compiled, params as Readonly<Record<string, unknown>>),
    };
  }
  return prepare ? namedForPreparing(config) : config;
}

/** A statement built for this call, named for preparing when it takes parameters (and a name is left). */
function namedForPreparing(config: QueryConfig): QueryConfig {
  if (config.values !== undefined && config.values.length > 0) {
    const name = preparedName(config.text);
    if (name !== undefined) config.name = name;
  }
  return config;
}

export interface DbOptions {
  /**
   * Prepare statements that take parameters (once per connection, by name). True by default;
   * false behind a pooler that cannot keep prepared statements (PgBouncer in transaction
   * mode before 1.21).
   */
  prepare?: boolean;
}

/** The promise of the statement `db` ran last (a transaction's check of whether its body returns it). */
export let lastStatementOf: (db: Db) => Promise<unknown> | undefined;

/**
 * The helpers of the seed's dbutils over one connection, transaction or pool:
 * identifiers quoted, values always bound, errors as DatabaseError with a stable code.
 */
export class Db {
  readonly #target: Queryable;
  /** Whether statements with parameters are prepared by name. */
  readonly prepare: boolean;
  #last: Promise<unknown> | undefined;

  static {
    lastStatementOf = (db) => db.#last;
  }

  constructor(target: Queryable, options: DbOptions = {}) {
    this.#target = target;
    this.prepare = options.prepare ?? true;
  }

  /** The full pg result (rows, rowCount, fields). */
  query<R extends QueryResultRow = QueryResultRow>(sql: string, params?: SqlParams): Promise<QueryResult<R>> {
    return this.#run(() => toConfig(sql, params, this.prepare), wholeResult<R>);
  }

  fetchAll<R extends QueryResultRow = QueryResultRow>(sql: string, params?: SqlParams): Promise<R[]> {
    return this.#run(() => toConfig(sql, params, this.prepare), rowsOf<R>);
  }

  /** The first row, or null. */
  fetchRow<R extends QueryResultRow = QueryResultRow>(sql: string, params?: SqlParams): Promise<R | null> {
    return this.#run(() => toConfig(sql, params, this.prepare), firstRow<R>);
  }

  /** The first column of the first row, or null. */
  fetchOne<T = unknown>(sql: string, params?: SqlParams): Promise<T | null> {
    return this.#run(() => arrayMode(toConfig(sql, params, this.prepare)), firstValue<T>);
  }

  /** Runs a statement and returns how many rows it touched. */
  execute(sql: string, params?: SqlParams): Promise<number> {
    return this.#run(() => toConfig(sql, params, this.prepare), rowCountOf);
  }

  select<R extends QueryResultRow = QueryResultRow>(table: string, where?: Row): Promise<R[]> {
    return this.#run(() => this.#prepared(selectStatement(table, where)), rowsOf<R>);
  }

  insert(table: string, rows: Row | readonly Row[]): Promise<number> {
    return this.#run(() => {
      const statement = insertStatement(table, rows);
      // One row has one text per table and columns; many rows a text per count, not worth a name each.
      const single = !Array.isArray(rows) || rows.length === 1;
      return single ? this.#prepared(statement) : statement;
    }, rowCountOf);
  }

  update(table: string, data: Row, where: Row): Promise<number> {
    return this.#run(() => this.#prepared(updateStatement(table, data, where)), rowCountOf);
  }

  /** Insert or update the row with this identifier; safe under concurrent callers. */
  upsert(table: string, data: Row, identifier: Row): Promise<number> {
    return this.#run(() => this.#prepared(upsertStatement(table, data, identifier)), rowCountOf);
  }

  /** Refuses an empty where (UNSAFE_STATEMENT) instead of emptying the table. */
  delete(table: string, where: Row): Promise<number> {
    return this.#run(() => this.#prepared(deleteStatement(table, where)), rowCountOf);
  }

  /** Calls a database function with named arguments; every row it returns. */
  call<R extends QueryResultRow = QueryResultRow>(name: string, args?: Row): Promise<R[]> {
    return this.#run(() => this.#prepared(functionCallStatement(name, args)), rowsOf<R>);
  }

  /** Calls a database function with named arguments; the first column of its first row. */
  callOne<T = unknown>(name: string, args?: Row): Promise<T | null> {
    return this.#run(() => arrayMode(this.#prepared(functionCallStatement(name, args))), firstValue<T>);
  }

  /** A helper's statement (select, insert, upsert…), prepared by name as a query's would be. */
  #prepared(statement: Statement): QueryConfig {
    return this.prepare ? namedForPreparing(statement) : statement;
  }

  /**
   * Builds the statement and runs it, with the part of the result the caller wants: one promise
   * per statement over the target's own. A statement that cannot be built (UNSAFE_STATEMENT)
   * rejects as it is; the driver's errors become DatabaseErrors.
   */
  #run<T>(build: () => QueryConfig, take: (result: QueryResult) => T): Promise<T> {
    let config: QueryConfig;
    try {
      config = build();
    } catch (error) {
      return Promise.reject(error);
    }
    try {
      const result = this.#target.query(config).then(take, rethrowAsDatabaseError);
      this.#last = result;
      return result;
    } catch (error) {
      return Promise.reject(toDatabaseError(error));
    }
  }
}

function rethrowAsDatabaseError(error: unknown): never {
  throw toDatabaseError(error);
}

const wholeResult = <R extends QueryResultRow>(result: QueryResult): QueryResult<R> =>
  result as QueryResult<R>;
const rowsOf = <R extends QueryResultRow>(result: QueryResult): R[] => result.rows as R[];
const firstRow = <R extends QueryResultRow>(result: QueryResult): R | null =>
  (result.rows[0] as R | undefined) ?? null;
const rowCountOf = (result: QueryResult): number => result.rowCount ?? 0;

/** Rows as arrays (pg's rowMode 'array'), for reading the first column whatever its name. */
function arrayMode(config: QueryConfig | Statement): QueryConfig {
  const arrays: QueryArrayConfig = { ...config, rowMode: 'array' };
  return arrays as QueryConfig;
}

/** From a result read with rowMode 'array', so duplicate column names cannot hide the first one. */
function firstValue<T>(result: QueryResult): T | null {
  const row = result.rows[0] as unknown as readonly unknown[] | undefined;
  return (row?.[0] as T | undefined) ?? null;
}
