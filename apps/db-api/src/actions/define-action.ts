import type { Database, Db, TransactionOptions } from '@platform/db';
import type { Logger } from '@platform/logging';
import type { z } from 'zod';

/** What an action is given besides its parsed input. */
export interface ActionContext {
  /**
   * The injected database (the seed's inject_conn): inside the action's
   * transaction when it declares one, otherwise any free pooled connection per call.
   */
  db: Db;
  /**
   * A transaction on the injected database (the seed's `with transactional(conn) as db`):
   * commit on success, roll back on any error. Inside an action that declares a
   * transaction, it joins that one.
   */
  transaction: <T>(fn: (tx: Db) => Promise<T>, options?: TransactionOptions) => Promise<T>;
  /** Any configured database by name (the seed's get_conn_from_dbname). */
  database: (name: string) => Database;
  logger: Logger;
  requestId: string;
}

/** How the router runs an action against its database. */
export type TransactionMode = 'read-write' | 'read-only';

export interface ActionDefinition<Input extends z.ZodType = z.ZodType, Output extends z.ZodType = z.ZodType> {
  summary: string;
  description?: string;
  /** A strict zod object: unknown fields are refused (400 VALIDATION_FAILED). */
  input: Input;
  /** The JSON answer, for the OpenAPI document. */
  output: Output;
  /** The database injected as `ctx.db`; "default" unless named. */
  database?: string;
  /**
   * Run the whole action in one transaction on one connection: commit on success,
   * roll back on any error; serialization failures and deadlocks run it again.
   */
  transaction?: TransactionMode;
  /**
   * The action only reads. A batch whose actions all read (this, or `transaction: 'read-only'`)
   * runs as one READ ONLY transaction; alone, the action runs as before.
   */
  readOnly?: boolean;
  /**
   * This action's own statement timeout, set with `SET LOCAL statement_timeout` in its transaction
   * (alone and in a batch). It needs a transaction: declared without `transaction`, the action runs
   * in one (read-only when `readOnly`).
   */
  statementTimeoutMs?: number;
  // A method, so an action with a narrower input still fits the module's action table.
  handler(input: z.output<Input>, context: ActionContext): unknown;
}

/** Declares an action, keeping its input type for the handler. */
export function defineAction<Input extends z.ZodType, Output extends z.ZodType>(
  definition: ActionDefinition<Input, Output>,
): ActionDefinition<Input, Output> {
  const { statementTimeoutMs, transaction, readOnly } = definition;
  if (statementTimeoutMs === undefined) return definition;
  if (!Number.isInteger(statementTimeoutMs) || statementTimeoutMs < 1 || statementTimeoutMs > 600_000) {
    throw new TypeError(`statementTimeoutMs must be an integer from 1 to 600000, not ${statementTimeoutMs}`);
  }
  if (transaction) return definition;
  // SET LOCAL lasts until the end of a transaction: outside one it would change nothing.
  return { ...definition, transaction: readOnly ? 'read-only' : 'read-write' };
}

/** True when the action cannot write: declared read-only, or run in a READ ONLY transaction. */
export function isReadOnlyAction(action: ActionDefinition): boolean {
  return action.readOnly === true || action.transaction === 'read-only';
}
