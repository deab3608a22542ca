import type { ClientBase, QueryConfig, QueryResult, QueryResultRow } from 'pg';

/**
 * `client.query` by its callback: one promise per statement, where pg's promise form makes two
 * (its own, and a `.catch` that rewrites the stack of a failure, which toDatabaseError wraps anyway).
 */
export function clientQuery<R extends QueryResultRow = QueryResultRow>(
  client: ClientBase,
  config: QueryConfig | string,
): Promise<QueryResult<R>> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, result: QueryResult<R>) => (error ? reject(error) : resolve(result));
    if (typeof config === 'string') client.query<R>(config, done);
    else client.query<R>(config, done);
  });
}
