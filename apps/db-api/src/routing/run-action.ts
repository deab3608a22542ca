import type { Logger } from '@platform/logging';
import type { ActionContext, ActionDefinition } from '../actions/define-action.js';
import type { DatabaseRegistry } from '../database/database-registry.js';

export interface RunActionOptions {
  databases: DatabaseRegistry;
  logger: Logger;
  requestId: string;
}

/**
 * Calls the action's handler with its injected database: inside one transaction
 * when the action declares one (joined by `ctx.transaction`), otherwise on the pool.
 */
export async function runAction(
  action: ActionDefinition,
  input: unknown,
  options: RunActionOptions,
): Promise<unknown> {
  const { databases, logger, requestId } = options;
  const database = databases.get(action.database ?? 'default');
  const byName = (name: string) => databases.get(name);
  if (action.transaction) {
    return database.transaction(
      async (tx) => {
        const context: ActionContext = {
          db: tx,
          transaction: (fn) => fn(tx),
          database: byName,
          logger,
          requestId,
        };
        return action.handler(input, context);
      },
      action.statementTimeoutMs === undefined
        ? { readOnly: action.transaction === 'read-only' }
        : { readOnly: action.transaction === 'read-only', statementTimeoutMs: action.statementTimeoutMs },
    );
  }
  const context: ActionContext = {
    db: database,
    transaction: (fn, transactionOptions) => database.transaction((tx) => fn(tx), transactionOptions),
    database: byName,
    logger,
    requestId,
  };
  return action.handler(input, context);
}
