import pg, { type ClientBase, type QueryConfig, type QueryResult, type QueryResultRow } from 'pg';

type Callback<R extends QueryResultRow> = (error: Error | null, result: QueryResult<R>) => void;

const PgQuery = pg.Query as unknown as new <R extends QueryResultRow>(
  text: string,
  values: unknown[] | undefined,
  callback: Callback<R>,
) => pg.Query & { name?: string | undefined };

/** The fields a statement of this lib's sets; any other (rowMode, types…) takes pg's general path. */
export function onlyTextValuesName(config: QueryConfig): boolean {
  for (const key in config) if (key !== 'text' && key !== 'values' && key !== 'name') return false;
  return true;
}

/**
 * Runs `config` on `client` with `callback`. pg copies a config object descriptor by descriptor
 * before it runs it (about 2 µs a statement, and a slower object after), so a statement of text,
 * values and name is handed over as pg's Query built from the text, the way a query string is.
 */
export function submitQuery<R extends QueryResultRow = QueryResultRow>(
  client: ClientBase,
  config: QueryConfig | string,
  callback: Callback<R>,
): void {
  if (typeof config === 'string') client.query<R>(config, callback);
  else if (!onlyTextValuesName(config)) client.query<R>(config, callback);
  else {
    const query = new PgQuery<R>(config.text, config.values, callback);
    if (config.name !== undefined) query.name = config.name;
    client.query(query);
  }
}

/**
 * `client.query` as one promise per statement, where pg's promise form makes two (its own, and a
 * `.catch` that rewrites the stack of a failure, which toDatabaseError wraps anyway).
 */
export function clientQuery<R extends QueryResultRow = QueryResultRow>(
  client: ClientBase,
  config: QueryConfig | string,
): Promise<QueryResult<R>> {
  return new Promise((resolve, reject) => {
    submitQuery<R>(client, config, (error, result) => (error ? reject(error) : resolve(result)));
  });
}
