import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAction } from '../actions/define-action.js';
import { defineModule } from '../actions/define-module.js';
import { actionTable, parseBatch } from './batch-schema.js';

const action = (database?: string) =>
  defineAction({
    summary: 'An action',
    input: z.strictObject({ n: z.number().int().default(1) }),
    output: z.null(),
    ...(database ? { database } : {}),
    handler: () => null,
  });
const table = actionTable([
  defineModule({ name: 'm', actions: { '': action(), one: action(), far: action('reporting') } }),
]);

function refusal(body: unknown, max = 3): Record<string, unknown> {
  try {
    parseBatch(body, table, max);
  } catch (error) {
    const { code, statusCode, details } = error as { code: string; statusCode: number; details?: object };
    return { code, statusCode, ...details };
  }
  throw new Error('expected a refusal');
}

describe('parseBatch', () => {
  it('answers every item with its action and its parsed input (defaults applied), in order', () => {
    const steps = parseBatch(
      [{ action: 'm/one', input: { n: 2 } }, { action: 'm/', input: {} }, { action: 'm/one' }],
      table,
      3,
    );
    expect(steps.map(({ index, name, input }) => ({ index, name, input }))).toEqual([
      { index: 0, name: 'm/one', input: { n: 2 } },
      { index: 1, name: 'm/', input: { n: 1 } },
      { index: 2, name: 'm/one', input: { n: 1 } },
    ]);
  });

  it('refuses each kind of bad batch with a 400 and a stable code', () => {
    const ok = { action: 'm/one', input: {} };
    expect(refusal({})).toMatchObject({ code: 'BATCH_NOT_ARRAY', statusCode: 400 });
    expect(refusal([])).toMatchObject({ code: 'BATCH_EMPTY', statusCode: 400 });
    expect(refusal([ok, ok, ok, ok])).toMatchObject({ code: 'BATCH_TOO_LONG', max: 3, count: 4 });
    expect(refusal([ok, null])).toMatchObject({ code: 'BATCH_ITEM_INVALID', index: 1 });
    expect(refusal([ok, [ok]])).toMatchObject({ code: 'BATCH_ITEM_INVALID', index: 1 });
    expect(refusal([{ action: 'm/two', input: {} }])).toMatchObject({
      code: 'BATCH_UNKNOWN_ACTION',
      index: 0,
      action: 'm/two',
    });
    expect(refusal([ok, { action: 'batch', input: [] }])).toMatchObject({ code: 'BATCH_NESTED', index: 1 });
    expect(refusal([ok, { action: 'm/far', input: {} }])).toMatchObject({
      code: 'BATCH_MIXED_DATABASES',
      index: 1,
      database: 'reporting',
      expected: 'default',
    });
    expect(
      refusal([ok, { action: 'm/one', input: { n: 'x' } }, { action: 'm/one', input: 5 }]),
    ).toMatchObject({
      code: 'VALIDATION_FAILED',
      statusCode: 400,
      index: 1,
      issues: [{ path: 'n', message: expect.any(String) }],
    });
  });

  it('bounds the unknown action name it echoes', () => {
    const error = refusal([{ action: `m/${'x'.repeat(500)}`, input: {} }]);
    expect((error['action'] as string).length).toBe(200);
  });
});
