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

function toConfig(sql: string, params: SqlParams | undefined): QueryConfig {
  if (params === undefined) return { text: sql };
  if (Array.isArray(params)) return { text: sql, values: params as unknown[] };
  const compiled = compileNamed(sql);
  return { text: compiled.text, values: bindNamed(compiled, params as Readonly<Record<string, unknown>>) };
}

/**
 * The helpers of the seed's dbutils over one connection, transaction or pool:
 * identifiers quoted, values always bound, errors as DatabaseError with a stable code.
 */
export class Db {
  readonly #target: Queryable;

  constructor(target: Queryable) {
    this.#target = target;
  }

  /** The full pg result (rows, rowCount, fields). */
  async query<R extends QueryResultRow = QueryResultRow>(
    sql: string,
    params?: SqlParams,
  ): Promise<QueryResult<R>> {
    return this.#run<R>(toConfig(sql, params));
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
    return firstValue<T>(await this.#run(arrayMode(toConfig(sql, params))));
  }

  /** Runs a statement and returns how many rows it touched. */
  async execute(sql: string, params?: SqlParams): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }

  async select<R extends QueryResultRow = QueryResultRow>(table: string, where?: Row): Promise<R[]> {
    return (await this.#run<R>(selectStatement(table, where))).rows;
  }

  async insert(table: string, rows: Row | readonly Row[]): Promise<number> {
    return this.#count(insertStatement(table, rows));
  }

  async update(table: string, data: Row, where: Row): Promise<number> {
    return this.#count(updateStatement(table, data, where));
  }

  /** Insert or update the row with this identifier; safe under concurrent callers. */
  async upsert(table: string, data: Row, identifier: Row): Promise<number> {
    return this.#count(upsertStatement(table, data, identifier));
  }

  /** Refuses an empty where (UNSAFE_STATEMENT) instead of emptying the table. */
  async delete(table: string, where: Row): Promise<number> {
    return this.#count(deleteStatement(table, where));
  }

  /** Calls a database function with named arguments; every row it returns. */
  async call<R extends QueryResultRow = QueryResultRow>(name: string, args?: Row): Promise<R[]> {
    return (await this.#run<R>(functionCallStatement(name, args))).rows;
  }

  /** Calls a database function with named arguments; the first column of its first row. */
  async callOne<T = unknown>(name: string, args?: Row): Promise<T | null> {
    return firstValue<T>(await this.#run(arrayMode(functionCallStatement(name, args))));
  }

  async #count(statement: Statement): Promise<number> {
    return (await this.#run(statement)).rowCount ?? 0;
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
