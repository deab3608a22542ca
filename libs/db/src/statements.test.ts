import { describe, expect, it } from 'vitest';
import {
  deleteStatement,
  functionCallStatement,
  insertStatement,
  selectStatement,
  updateStatement,
  upsertStatement,
} from './statements.js';

describe('statement builders', () => {
  it('quote every identifier, accept schema.table and bind every value', () => {
    expect(selectStatement('app.users', { name: 'a', 'we"ird': 2, gone: null })).toEqual({
      text: 'SELECT * FROM "app"."users" WHERE "name" = $1 AND "we""ird" = $2 AND "gone" IS NULL',
      values: ['a', 2],
    });
    expect(selectStatement('users')).toEqual({ text: 'SELECT * FROM "users"', values: [] });
  });

  it('insert many rows in one statement, using DEFAULT for missing columns', () => {
    expect(insertStatement('users', [{ name: 'a', email: 'x' }, { name: 'b' }])).toEqual({
      text: 'INSERT INTO "users" ("name", "email") VALUES ($1, $2), ($3, DEFAULT)',
      values: ['a', 'x', 'b'],
    });
  });

  it('upsert with ON CONFLICT on the identifier, or DO NOTHING without data', () => {
    expect(upsertStatement('users', { email: 'x' }, { name: 'a' })).toEqual({
      text:
        'INSERT INTO "users" ("name", "email") VALUES ($1, $2) ON CONFLICT ("name") ' +
        'DO UPDATE SET "email" = EXCLUDED."email"',
      values: ['a', 'x'],
    });
    expect(upsertStatement('users', {}, { name: 'a' }).text).toMatch(/ON CONFLICT \("name"\) DO NOTHING$/);
    expect(() => upsertStatement('users', { name: 'b' }, { name: 'a' })).toThrow(/both data and identifier/);
  });

  it('refuse delete and update with an empty where, and bad identifiers', () => {
    expect(() => deleteStatement('users', {})).toThrow(expect.objectContaining({ code: 'UNSAFE_STATEMENT' }));
    expect(() => deleteStatement('users', { name: undefined })).toThrow(/empty where/);
    expect(() => updateStatement('users', { email: 'x' }, {})).toThrow(/empty where/);
    expect(() => selectStatement('a.b.c')).toThrow(expect.objectContaining({ code: 'UNSAFE_STATEMENT' }));
    expect(() => selectStatement('')).toThrow(expect.objectContaining({ code: 'UNSAFE_STATEMENT' }));
    // PostgreSQL would silently cut these to 63 bytes.
    expect(() => selectStatement('x'.repeat(64))).toThrow(
      expect.objectContaining({ code: 'UNSAFE_STATEMENT' }),
    );
    expect(() => selectStatement('é'.repeat(32))).toThrow(
      expect.objectContaining({ code: 'UNSAFE_STATEMENT' }),
    );
    expect(selectStatement('x'.repeat(63)).text).toBe(`SELECT * FROM "${'x'.repeat(63)}"`);
    expect(updateStatement('users', { email: 'x' }, { name: 'a' })).toEqual({
      text: 'UPDATE "users" SET "email" = $1 WHERE "name" = $2',
      values: ['x', 'a'],
    });
  });

  it('call functions with named arguments', () => {
    expect(functionCallStatement('public.hello', { name: 'Gonzalo' })).toEqual({
      text: 'SELECT * FROM "public"."hello"("name" => $1)',
      values: ['Gonzalo'],
    });
  });
});
