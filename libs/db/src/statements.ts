import { UnsafeStatementError } from './database-error.js';
import { quoteIdentifier, quoteQualifiedName } from './identifiers.js';

/** Column → value; a null value in a where clause means `IS NULL`. */
export type Row = Readonly<Record<string, unknown>>;

export interface Statement {
  text: string;
  values: unknown[];
}

/** PostgreSQL's limit on bound parameters in one statement. */
const MAX_PARAMETERS = 65_535;

class Values {
  readonly list: unknown[] = [];
  add(value: unknown): string {
    this.list.push(value);
    if (this.list.length > MAX_PARAMETERS) {
      throw new UnsafeStatementError(`A statement can bind at most ${MAX_PARAMETERS} values`);
    }
    return `$${this.list.length}`;
  }
}

function columnsOf(row: Row): string[] {
  return Object.keys(row).filter((key) => row[key] !== undefined);
}

function conditions(where: Row, values: Values): string {
  return columnsOf(where)
    .map((column) =>
      where[column] === null
        ? `${quoteIdentifier(column)} IS NULL`
        : `${quoteIdentifier(column)} = ${values.add(where[column])}`,
    )
    .join(' AND ');
}

function requireColumns(row: Row, what: string): string[] {
  const columns = columnsOf(row);
  if (columns.length === 0) throw new UnsafeStatementError(`${what} needs at least one column`);
  return columns;
}

export function selectStatement(table: string, where: Row = {}): Statement {
  const values = new Values();
  const clause = conditions(where, values);
  return {
    text: `SELECT * FROM ${quoteQualifiedName(table)}${clause ? ` WHERE ${clause}` : ''}`,
    values: values.list,
  };
}

/** One INSERT for one row or many; a column missing from some rows gets its DEFAULT. */
export function insertStatement(table: string, rows: Row | readonly Row[]): Statement {
  const list: readonly Row[] = Array.isArray(rows) ? rows : [rows as Row];
  if (list.length === 0) throw new UnsafeStatementError('insert needs at least one row');
  const columns = [...new Set(list.flatMap(columnsOf))];
  if (columns.length === 0) throw new UnsafeStatementError('insert needs at least one column');
  const values = new Values();
  const tuples = list.map(
    (row) =>
      `(${columns.map((column) => (row[column] === undefined ? 'DEFAULT' : values.add(row[column]))).join(', ')})`,
  );
  return {
    text: `INSERT INTO ${quoteQualifiedName(table)} (${columns.map(quoteIdentifier).join(', ')}) VALUES ${tuples.join(', ')}`,
    values: values.list,
  };
}

export function updateStatement(table: string, data: Row, where: Row): Statement {
  const setColumns = requireColumns(data, 'update');
  requireColumns(where, 'update refuses an empty where:');
  const values = new Values();
  const assignments = setColumns.map((column) => `${quoteIdentifier(column)} = ${values.add(data[column])}`);
  return {
    text: `UPDATE ${quoteQualifiedName(table)} SET ${assignments.join(', ')} WHERE ${conditions(where, values)}`,
    values: values.list,
  };
}

/**
 * INSERT … ON CONFLICT (identifier) DO UPDATE: one atomic statement, so two
 * concurrent upserts of one key neither fail nor duplicate. The identifier
 * columns need a unique index or constraint.
 */
export function upsertStatement(table: string, data: Row, identifier: Row): Statement {
  const keyColumns = requireColumns(identifier, 'upsert identifier');
  const dataColumns = columnsOf(data);
  const overlap = dataColumns.filter((column) => keyColumns.includes(column));
  if (overlap.length > 0) {
    throw new UnsafeStatementError(`upsert: ${overlap.join(', ')} is both data and identifier`);
  }
  const values = new Values();
  const all = [...keyColumns, ...dataColumns];
  const placeholders = all.map((column) =>
    values.add(column in identifier ? identifier[column] : data[column]),
  );
  const action =
    dataColumns.length === 0
      ? 'DO NOTHING'
      : `DO UPDATE SET ${dataColumns.map((column) => `${quoteIdentifier(column)} = EXCLUDED.${quoteIdentifier(column)}`).join(', ')}`;
  return {
    text:
      `INSERT INTO ${quoteQualifiedName(table)} (${all.map(quoteIdentifier).join(', ')}) ` +
      `VALUES (${placeholders.join(', ')}) ON CONFLICT (${keyColumns.map(quoteIdentifier).join(', ')}) ${action}`,
    values: values.list,
  };
}

/** DELETE with a mandatory where: an empty one would empty the table, so it is refused. */
export function deleteStatement(table: string, where: Row): Statement {
  requireColumns(where, 'delete refuses an empty where:');
  const values = new Values();
  return {
    text: `DELETE FROM ${quoteQualifiedName(table)} WHERE ${conditions(where, values)}`,
    values: values.list,
  };
}

/** `SELECT * FROM fn("a" => $1, …)`: a database function called with named arguments. */
export function functionCallStatement(name: string, args: Row = {}): Statement {
  const values = new Values();
  const list = columnsOf(args).map((arg) => `${quoteIdentifier(arg)} => ${values.add(args[arg])}`);
  return { text: `SELECT * FROM ${quoteQualifiedName(name)}(${list.join(', ')})`, values: values.list };
}
