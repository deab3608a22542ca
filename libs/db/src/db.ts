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
  if (prepare) {
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

/**
 * The helpers of the seed's dbutils over one connection, transaction or pool:
 * identifiers quoted, values always bound, errors as DatabaseError with a stable code.
 */
export class Db {
  readonly #target: Queryable;
  /** Whether statements with parameters are prepared by name. */
  readonly prepare: boolean;

  constructor(target: Queryable, options: DbOptions = {}) {
    this.#target = target;
    this.prepare = options.prepare ?? true;
  }

  /** The full pg result (rows, rowCount, fields). */
  async query<R extends QueryResultRow = QueryResultRow>(
    sql: string,
    params?: SqlParams,
  ): Promise<QueryResult<R>> {
    return this.#run<R>(toConfig(sql, params, this.prepare));
  }

  async fetchAll<R extends QueryResultRow = QueryResultRow>(sql: string, params?: SqlParams): Promise<R[]> {
    return (await this.query<R>(sql, params)).rows;
  }

  /** The first row, or null. */
  async fetchRow<R extends QueryResultRow = QueryResultRow>(
    sql: string,
    params?: SqlParams,
  ): Promise<R | null> {
    return (await this.query<R>(sql, params)).rows[0] ?? null;
  }

  /** The first column of the first row, or null. */
  async fetchOne<T = unknown>(sql: string, params?: SqlParams): Promise<T | null> {
    return firstValue<T>(await this.#run(arrayMode(toConfig(sql, params, this.prepare))));
  }

  /** Runs a statement and returns how many rows it touched. */
  async execute(sql: string, params?: SqlParams): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }

  async select<R extends QueryResultRow = QueryResultRow>(table: string, where?: Row): Promise<R[]> {
    return (await this.#run<R>(this.#prepared(selectStatement(table, where)))).rows;
  }

  async insert(table: string, rows: Row | readonly Row[]): Promise<number> {
    const statement = insertStatement(table, rows);
    // One row has one text per table and columns; many rows a text per count, not worth a name each.
    const single = !Array.isArray(rows) || rows.length === 1;
    return this.#count(single ? this.#prepared(statement) : statement);
  }

  async update(table: string, data: Row, where: Row): Promise<number> {
    return this.#count(this.#prepared(updateStatement(table, data, where)));
  }

  /** Insert or update the row with this identifier; safe under concurrent callers. */
  async upsert(table: string, data: Row, identifier: Row): Promise<number> {
    return this.#count(this.#prepared(upsertStatement(table, data, identifier)));
  }

  /** Refuses an empty where (UNSAFE_STATEMENT) instead of emptying the table. */
  async delete(table: string, where: Row): Promise<number> {
    return this.#count(this.#prepared(deleteStatement(table, where)));
  }

  /** Calls a database function with named arguments; every row it returns. */
  async call<R extends QueryResultRow = QueryResultRow>(name: string, args?: Row): Promise<R[]> {
    return (await this.#run<R>(this.#prepared(functionCallStatement(name, args)))).rows;
  }

  /** Calls a database function with named arguments; the first column of its first row. */
  async callOne<T = unknown>(name: string, args?: Row): Promise<T | null> {
    return firstValue<T>(await this.#run(arrayMode(this.#prepared(functionCallStatement(name, args)))));
  }

  async #count(statement: QueryConfig): Promise<number> {
    return (await this.#run(statement)).rowCount ?? 0;
  }

  /** A helper's statement (select, insert, upsert…), prepared by name as a query's would be. */
  #prepared(statement: Statement): QueryConfig {
    const name = this.prepare && statement.values.length > 0 ? preparedName(statement.text) : undefined;
    return name === undefined ? statement : { ...statement, name };
  }

  async #run<R extends QueryResultRow>(config: QueryConfig | Statement): Promise<QueryResult<R>> {
    try {
      return await this.#target.query<R>(config);
    } catch (error) {
      throw toDatabaseError(error);
    }
  }
}

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
