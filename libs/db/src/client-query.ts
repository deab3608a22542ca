import pg, { type ClientBase, type QueryConfig, type QueryResult, type QueryResultRow } from 'pg';

type Callback<R extends QueryResultRow = QueryResultRow> = (
  error: Error | null,
  result: QueryResult<R>,
) => void;

/** The calls pg's Query makes on its wire connection (pg's own, untyped). */
export interface WireConnection {
  parse(message: { text: string; name?: string; types?: unknown }): void;
  bind(message: Record<string, never>): void;
  execute(message: Record<string, never>): void;
  sync(): void;
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  on(event: 'parseComplete', listener: () => void): void;
  off(event: 'parseComplete', listener: () => void): void;
}

/** pg's Query as far as this lib uses it (pg/lib/query.js; its internals are not in pg's types). */
interface PgQuery extends pg.Submittable {
  readonly text: string;
  name?: string | undefined;
  readonly types?: unknown;
  callback?: Callback | undefined;
  requiresPreparation(): boolean;
  hasBeenParsed(connection: WireConnection): boolean;
  prepare(connection: WireConnection): void;
  /** Executes the portal and, without a row limit, ends the statement's messages with Sync. */
  _getRows(connection: WireConnection, rows: number | undefined): void;
  handleCommandComplete(message: unknown, connection: WireConnection): void;
  handleEmptyQuery(connection: WireConnection): void;
  handleError(error: Error, connection: WireConnection): void;
}

const PgQuery = pg.Query as unknown as new (
  config: QueryConfig | string,
  values?: unknown[],
  callback?: Callback,
) => PgQuery;

/** The fields a statement of this lib's sets; any other (rowMode, types…) takes pg's general path. */
export function onlyTextValuesName(config: QueryConfig): boolean {
  for (const key in config) if (key !== 'text' && key !== 'values' && key !== 'name') return false;
  return true;
}

/**
 * pg's Query of one statement. pg copies a config object descriptor by descriptor before it runs
 * it (about 2 µs a statement, and a slower object after), so a statement of text, values and name
 * is built from its text, the way a query string is; any other config as pg builds it.
 */
export class StatementQuery extends PgQuery {
  constructor(config: QueryConfig) {
    const plain = onlyTextValuesName(config);
    super(plain ? config.text : config, plain ? config.values : undefined);
    if (plain && config.name !== undefined) this.name = config.name;
  }
}

/**
 * Runs a statement on `client` with `callback`: a StatementQuery as it is, a config of text,
 * values and name as a StatementQuery, anything else (a string, rowMode, query_timeout…) by pg's
 * own path.
 */
export function submitQuery<R extends QueryResultRow = QueryResultRow>(
  client: ClientBase,
  statement: QueryConfig | string | StatementQuery,
  callback: Callback<R>,
): void {
  let query: StatementQuery;
  if (statement instanceof StatementQuery) query = statement;
  else if (typeof statement === 'string' || !onlyTextValuesName(statement)) {
    client.query<R>(statement, callback);
    return;
  } else query = new StatementQuery(statement);
  query.callback = callback as Callback;
  client.query(query);
}

/**
 * `client.query` as one promise per statement, where pg's promise form makes two (its own, and a
 * `.catch` that rewrites the stack of a failure, which toDatabaseError wraps anyway).
 */
export function clientQuery<R extends QueryResultRow = QueryResultRow>(
  client: ClientBase,
  statement: QueryConfig | string | StatementQuery,
): Promise<QueryResult<R>> {
  return new Promise((resolve, reject) => {
    submitQuery<R>(client, statement, (error, result) => (error ? reject(error) : resolve(result)));
  });
}
