import { ValidationError } from '@platform/errors';
import type { ActionDefinition } from '../actions/define-action.js';
import type { ModuleDefinition } from '../actions/define-module.js';
import { atIndex, BatchRequestError } from './batch-error.js';
import { parseInput } from './parse-input.js';

/** Every action by its batch name, `<module>/<action>` (`<module>/` for the module's '' action). */
export type ActionTable = ReadonlyMap<string, ActionDefinition>;

/** One checked item: its action and its parsed, typed input. */
export interface BatchStep {
  index: number;
  name: string;
  action: ActionDefinition;
  input: unknown;
}

/** The default bound on the number of items in one batch. */
export const DEFAULT_BATCH_MAX_ITEMS = 50;

/** The name of an action in a batch item. */
export function batchActionName(moduleName: string, actionName: string): string {
  return `${moduleName}/${actionName}`;
}

export function actionTable(modules: readonly ModuleDefinition[]): ActionTable {
  const table = new Map<string, ActionDefinition>();
  for (const module of modules) {
    for (const [name, action] of Object.entries(module.actions)) {
      table.set(batchActionName(module.name, name), action);
    }
  }
  return table;
}

const ITEM_KEYS = new Set(['action', 'input']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function itemProblem(item: unknown): { path: string; message: string } | undefined {
  if (!isPlainObject(item)) return { path: '', message: 'expected an object {"action", "input"}' };
  for (const key of Object.keys(item)) {
    if (!ITEM_KEYS.has(key)) return { path: key, message: 'Unknown field' };
  }
  if (typeof item['action'] !== 'string') {
    return { path: 'action', message: 'expected a string "<module>/<action>"' };
  }
  return undefined;
}

/** A printable, bounded copy of an unknown action name for the error message. */
function shown(name: string): string {
  return JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}…` : name);
}

/**
 * Checks a whole batch body before anything runs: an array of 1 to `maxItems` items, each
 * `{ action, input }` naming a known action (not a batch) whose schema accepts the input, all on
 * one database. The first problem is thrown, with the item's `index` when it is an item's.
 */
export function parseBatch(body: unknown, table: ActionTable, maxItems: number): BatchStep[] {
  if (!Array.isArray(body)) {
    throw new BatchRequestError('BATCH_NOT_ARRAY', 'The batch must be a JSON array of {action, input}', {
      expected: 'array',
    });
  }
  if (body.length === 0) {
    throw new BatchRequestError('BATCH_EMPTY', 'The batch has no items', { min: 1 });
  }
  if (body.length > maxItems) {
    throw new BatchRequestError('BATCH_TOO_LONG', `The batch has more than ${maxItems} items`, {
      max: maxItems,
      count: body.length,
    });
  }
  const steps: BatchStep[] = [];
  let database: string | undefined;
  for (const [index, item] of (body as unknown[]).entries()) {
    const problem = itemProblem(item);
    if (problem) {
      throw new BatchRequestError('BATCH_ITEM_INVALID', `Item ${index} is not {action, input}`, {
        index,
        issues: [problem],
      });
    }
    const { action: name, input } = item as { action: string; input?: unknown };
    if (name === 'batch' || name.startsWith('batch/') || name === '/batch') {
      throw new BatchRequestError('BATCH_NESTED', `Item ${index}: a batch cannot contain a batch`, {
        index,
        action: 'batch',
      });
    }
    const action = table.get(name);
    if (!action) {
      throw new BatchRequestError('BATCH_UNKNOWN_ACTION', `Item ${index}: no action named ${shown(name)}`, {
        index,
        action: name.slice(0, 200),
      });
    }
    const named = action.database ?? 'default';
    database ??= named;
    if (named !== database) {
      throw new BatchRequestError(
        'BATCH_MIXED_DATABASES',
        `Item ${index}: ${name} runs on database "${named}", the batch on "${database}"; one batch is one transaction on one database`,
        { index, action: name, database: named, expected: database },
      );
    }
    let parsed: unknown;
    try {
      parsed = parseInput(action.input, input);
    } catch (error) {
      if (error instanceof ValidationError) throw atIndex(error, index);
      throw error;
    }
    steps.push({ index, name, action, input: parsed });
  }
  return steps;
}
