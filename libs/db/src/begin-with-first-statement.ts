import type { PoolClient, QueryConfig, QueryResult, QueryResultRow } from 'pg';
import { clientQuery, StatementQuery, submitQuery, type WireConnection } from './client-query.js';
import type { Queryable } from './db.js';

/**
 * A statement sent behind the transaction's opening statements (BEGIN, SET LOCAL …) in one write
 * and under one Sync: PostgreSQL answers them all in one round trip, and when one of them fails it
 * skips the rest up to the Sync, so the statement can never run outside the transaction. Closing
 * statements (COMMIT) can follow it under the same Sync: skipped when it fails.
 */
class QueryAfterBegin extends StatementQuery {
  readonly #opening: readonly string[];
  /** Completions still to come from the opening statements, which are not this query's result. */
  #openingLeft: number;
  #closing: readonly string[] = [];
  /** Whether the statement's own completion has come: any later one is a closing statement's. */
  #ownDone = false;
  /** Set while the opening statements' ParseCompletes are awaited (see prepare). */
  #undoMarks: (() => void) | undefined;

  constructor(config: QueryConfig, opening: readonly string[]) {
    super(config);
    this.#opening = opening;
    this.#openingLeft = opening.length;
  }

  override requiresPreparation(): boolean {
    return true;
  }

  /** Sends `statements` behind this one, before its Sync. */
  closeWith(statements: readonly string[]): void {
    this.#closing = statements;
  }

  // pg corks the socket around prepare(), so everything below leaves in one write.
  override prepare(connection: WireConnection): void {
    const { name, text } = this;
    if (name !== undefined && !this.hasBeenParsed(connection)) this.#keepMarksRight(connection, name, text);
    for (const opening of this.#opening) {
      connection.parse({ text: opening });
      connection.bind({});
      connection.execute({});
    }
    super.prepare(connection);
  }

  /**
   * pg marks the active query's named statement as prepared on every ParseComplete, and the
   * opening statements' come before the statement's own: each such mark is undone, so that a
   * statement skipped or refused by PostgreSQL is parsed again next time.
   */
  #keepMarksRight(connection: WireConnection, name: string, text: string): void {
    let left = this.#opening.length;
    const undo = () => {
      delete connection.parsedStatements[name];
      connection.submittedNamedStatements[name] = text;
      left -= 1;
      if (left === 0) this.#stopUndoing(connection);
    };
    this.#undoMarks = undo;
    // After pg's own listener, which makes the mark.
    connection.on('parseComplete', undo);
  }

  #stopUndoing(connection: WireConnection): void {
    if (this.#undoMarks === undefined) return;
    connection.off('parseComplete', this.#undoMarks);
    this.#undoMarks = undefined;
  }

  // pg's last step of prepare(): Execute, then Sync unless rows are read in pages (a cursor's).
  override _getRows(connection: WireConnection, rows: number | undefined): void {
    if (this.#closing.length === 0 || rows) {
      super._getRows(connection, rows);
      return;
    }
    connection.execute({});
    for (const closing of this.#closing) {
      connection.parse({ text: closing });
      connection.bind({});
      connection.execute({});
    }
    connection.sync();
  }

  override handleCommandComplete(message: unknown, connection: WireConnection): void {
    if (this.#openingLeft > 0) this.#openingLeft -= 1;
    else if (!this.#ownDone) {
      this.#ownDone = true;
      super.handleCommandComplete(message, connection);
    }
  }

  override handleEmptyQuery(connection: WireConnection): void {
    if (this.#openingLeft === 0) this.#ownDone = true;
    super.handleEmptyQuery(connection);
  }

  override handleError(error: Error, connection: WireConnection): void {
    this.#stopUndoing(connection);
    super.handleError(error, connection);
  }
}

/** pg sends a statement without parameters or a name by the simple protocol, which runs several commands. */
function takesSimpleProtocol(config: QueryConfig): boolean {
  return config.name === undefined && (config.values === undefined || config.values.length === 0);
}

/**
 * A transaction's connection that opens the transaction with its first statement: BEGIN (and any
 * SET LOCAL) goes out with that statement instead of on a round trip of its own, and a failed
 * BEGIN skips it. A body that runs no statement opens nothing, so there is nothing to commit or
 * roll back.
 */
export class BeginWithFirstStatement implements Queryable {
  readonly #client: PoolClient;
  #opening: readonly string[] | undefined;
  #holding = false;
  /** The first statement, kept back while holding, and its callback. */
  #held: { query: QueryAfterBegin; callback: (error: Error | null, result: QueryResult) => void } | undefined;

  constructor(client: PoolClient, opening: readonly string[]) {
    this.#client = client;
    this.#opening = opening;
  }

  /** Whether the opening statements have been sent (so the transaction needs COMMIT or ROLLBACK). */
  get begun(): boolean {
    return this.#opening === undefined;
  }

  /** Sends the opening statements on their own, now (for a body that uses the raw connection). */
  async begin(): Promise<void> {
    const opening = this.#opening;
    if (opening === undefined) return;
    this.#opening = undefined;
    await clientQuery(this.#client, opening.join('; '));
  }

  /**
   * Keeps the first statement back until `send`: while the body's synchronous part runs, which
   * tells whether that statement is all the transaction does.
   */
  hold(): void {
    this.#holding = true;
  }

  /**
   * Stops holding and sends the statement kept back, if any; with `commit`, COMMIT goes behind it
   * in the same round trip. True when it did: the transaction then ends with that statement.
   */
  send(commit: boolean): boolean {
    this.#holding = false;
    const held = this.#held;
    if (held === undefined) return false;
    this.#held = undefined;
    if (commit) held.query.closeWith(['COMMIT']);
    submitQuery(this.#client, held.query, held.callback);
    return commit;
  }

  query<R extends QueryResultRow = QueryResultRow>(config: QueryConfig): Promise<QueryResult<R>> {
    // A second statement while the first is kept back: the first goes first.
    if (this.#held !== undefined) this.send(false);
    const opening = this.#opening;
    if (opening === undefined) return clientQuery<R>(this.#client, config);
    this.#opening = undefined;
    if (takesSimpleProtocol(config)) {
      // The simple protocol: one query string, whose later commands are skipped when one fails.
      return clientQuery(this.#client, { ...config, text: `${opening.join('; ')};\n${config.text}` }).then(
        (results) => afterOpening<R>(results as unknown as QueryResult<R>[], opening.length),
      );
    }
    const query = new QueryAfterBegin(config, opening);
    if (!this.#holding) return clientQuery<R>(this.#client, query);
    return new Promise((resolve, reject) => {
      this.#held = {
        query,
        callback: (error, result) => (error ? reject(error) : resolve(result as QueryResult<R>)),
      };
    });
  }
}

/** The statement's own result out of a simple query's list (its commands' results, as pg gives them). */
function afterOpening<R extends QueryResultRow>(results: QueryResult<R>[], opening: number): QueryResult<R> {
  const own = results.slice(opening);
  // Several commands in the statement itself: pg's list of their results, as without the opening.
  return (own.length === 1 ? own[0] : own) as QueryResult<R>;
}
