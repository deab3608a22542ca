import type { Database, Db } from '@platform/db';
import type { Logger } from '@platform/logging';
import { isReadOnlyAction, type ActionContext } from '../actions/define-action.js';
import type { DatabaseRegistry } from '../database/database-registry.js';
import { BatchRequestError } from './batch-error.js';
import type { BatchStep } from './batch-schema.js';

export interface RunBatchOptions {
  databases: DatabaseRegistry;
  logger: Logger;
  requestId: string;
}

/** Where a batch failed: the item whose handler threw, or none (BEGIN or COMMIT). */
export class BatchFailure extends Error {
  constructor(
    readonly error: unknown,
    readonly index: number | undefined,
  ) {
    super('batch failed', { cause: error });
  }
}

/**
 * The batch's database as `ctx.database(name)` gives it to an action: its helpers and its
 * `transaction` run on the batch's transaction, so what an item reads by name sees what the
 * items before it wrote, and rolls back with them.
 */
function joined(database: Database, tx: Db): Database {
  return new Proxy(database, {
    get(target, property, receiver) {
      if (property === 'transaction') return <T>(fn: (db: Db) => Promise<T>) => fn(tx);
      if (typeof property === 'string' && property in tx) {
        const value: unknown = Reflect.get(tx, property, tx);
        return typeof value === 'function' ? value.bind(tx) : value;
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

/**
 * Runs every step, in order, in ONE transaction on their database: READ ONLY when every action
 * only reads. Each action's own `statementTimeoutMs` is set with SET LOCAL before it and put back
 * to the connection's default after it. Answers the results in order; on any error the whole
 * transaction rolls back and a BatchFailure names the item that failed.
 */
export async function runBatch(steps: readonly BatchStep[], options: RunBatchOptions): Promise<unknown[]> {
  const { databases, logger, requestId } = options;
  const first = steps[0];
  if (!first) return [];
  const databaseName = first.action.database ?? 'default';
  const database = databases.get(databaseName);
  const readOnly = steps.every((step) => isReadOnlyAction(step.action));
  let current: number | undefined;
  try {
    return await database.transaction(
      async (tx) => {
        const batchDatabase = joined(database, tx);
        const byName = (name: string): Database => {
          if (name === databaseName) return batchDatabase;
          throw new BatchRequestError(
            'BATCH_MIXED_DATABASES',
            `An action in a batch on database "${databaseName}" asked for database "${name}"`,
            { database: name, expected: databaseName },
          );
        };
        const context: ActionContext = {
          db: tx,
          transaction: (fn) => fn(tx),
          database: byName,
          logger,
          requestId,
        };
        const results: unknown[] = [];
        let ownTimeout = false;
        for (const step of steps) {
          current = step.index;
          const { statementTimeoutMs } = step.action;
          if (statementTimeoutMs !== undefined) {
            await tx.execute(`SET LOCAL statement_timeout = ${Math.max(0, Math.trunc(statementTimeoutMs))}`);
            ownTimeout = true;
          } else if (ownTimeout) {
            await tx.execute('SET LOCAL statement_timeout TO DEFAULT');
            ownTimeout = false;
          }
          const result = await step.action.handler(step.input, context);
          results.push(result === undefined ? null : result);
        }
        current = undefined;
        return results;
      },
      { readOnly },
    );
  } catch (error) {
    throw new BatchFailure(error, current);
  }
}
