import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAction, isReadOnlyAction } from './define-action.js';
import { defineModule } from './define-module.js';

const base = { summary: 'An action', input: z.strictObject({}), output: z.null(), handler: () => null };

describe('defineAction', () => {
  it('runs an action with its own statement timeout in a transaction: read-only when it only reads', () => {
    expect(defineAction({ ...base, statementTimeoutMs: 100 }).transaction).toBe('read-write');
    expect(defineAction({ ...base, statementTimeoutMs: 100, readOnly: true }).transaction).toBe('read-only');
    expect(defineAction({ ...base, statementTimeoutMs: 100, transaction: 'read-only' }).transaction).toBe(
      'read-only',
    );
    expect(defineAction(base).transaction).toBeUndefined();
  });

  it('refuses a statement timeout that is not a whole number of milliseconds from 1 to 600000', () => {
    for (const statementTimeoutMs of [0, -5, 1.5, 600_001, Number.NaN]) {
      expect(() => defineAction({ ...base, statementTimeoutMs })).toThrow(/statementTimeoutMs must be/);
    }
  });

  it('counts an action as read-only when declared so or run in a READ ONLY transaction', () => {
    expect(isReadOnlyAction(defineAction({ ...base, readOnly: true }))).toBe(true);
    expect(isReadOnlyAction(defineAction({ ...base, transaction: 'read-only' }))).toBe(true);
    expect(isReadOnlyAction(defineAction({ ...base, transaction: 'read-write' }))).toBe(false);
    expect(isReadOnlyAction(defineAction(base))).toBe(false);
  });
});

describe('defineModule', () => {
  it("refuses the names of the app's own routes, batch first", () => {
    expect(() => defineModule({ name: 'batch', actions: {} })).toThrow(/reserved/);
    expect(() => defineModule({ name: 'healthz', actions: {} })).toThrow(/reserved/);
    expect(defineModule({ name: 'batches', actions: {} }).name).toBe('batches');
  });
});
