import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Database } from './database.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

let testDb: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDb = await createTestDatabase({ prefix: 'platform_db' });
  database = new Database({ connection: testDb.url, max: 4 });
  await database.execute(`
    CREATE SCHEMA app;
    CREATE TABLE users (name text PRIMARY KEY, email text, visits int NOT NULL DEFAULT 0 CHECK (visits >= 0));
    CREATE TABLE app."Odd ""Table""" (id int PRIMARY KEY, "Mixed Case" text);
    CREATE TABLE posts (id serial PRIMARY KEY, author text NOT NULL REFERENCES users(name));
    CREATE FUNCTION hello(name text, greeting text DEFAULT 'Hello') RETURNS text
      LANGUAGE sql AS $$ SELECT greeting || ' ' || name $$;
    CREATE FUNCTION pairs(n int) RETURNS TABLE (i int, square int)
      LANGUAGE sql AS $$ SELECT g, g * g FROM generate_series(1, n) g $$;
  `);
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

beforeEach(async () => {
  await database.execute('TRUNCATE users, posts, app."Odd ""Table"""');
});

describe('Db helpers', () => {
  it('insert one row or many, then select them back by a where', async () => {
    expect(await database.insert('users', { name: 'ana', email: 'ana@example.com' })).toBe(1);
    expect(await database.insert('users', [{ name: 'bob' }, { name: 'cy', email: 'cy@example.com' }])).toBe(
      2,
    );
    expect(await database.select('users', { name: 'bob' })).toEqual([
      { name: 'bob', email: null, visits: 0 },
    ]);
    expect(await database.select('users', { email: null })).toHaveLength(1);
    expect(await database.select('users')).toHaveLength(3);
  });

  it('fetchAll, fetchRow and fetchOne with positional or named parameters', async () => {
    await database.insert('users', [{ name: 'ana' }, { name: 'bob' }]);
    expect(await database.fetchAll('SELECT name FROM users WHERE name = :name', { name: 'ana' })).toEqual([
      { name: 'ana' },
    ]);
    expect(await database.fetchRow('SELECT name FROM users ORDER BY name DESC')).toEqual({ name: 'bob' });
    expect(await database.fetchOne<bigint>('SELECT count(*) FROM users WHERE name <> $1', ['ana'])).toBe(1n);
    expect(await database.fetchOne('SELECT name FROM users WHERE name = $1', ['nobody'])).toBeNull();
  });

  it('update and execute return the row count; delete refuses an empty where', async () => {
    await database.insert('users', [{ name: 'ana' }, { name: 'bob' }]);
    expect(await database.update('users', { email: 'a@example.com' }, { name: 'ana' })).toBe(1);
    expect(await database.execute('UPDATE users SET visits = visits + 1')).toBe(2);
    await expect(database.delete('users', {})).rejects.toMatchObject({ code: 'UNSAFE_STATEMENT' });
    expect(await database.fetchOne('SELECT count(*) FROM users')).toBe(2n);
    expect(await database.delete('users', { name: 'bob' })).toBe(1);
  });

  it('quote identifiers of schema.table names with odd characters', async () => {
    await database.insert('app.Odd "Table"', { id: 1, 'Mixed Case': 'yes' });
    expect(await database.select('app.Odd "Table"', { 'Mixed Case': 'yes' })).toEqual([
      { id: 1, 'Mixed Case': 'yes' },
    ]);
  });

  it('upsert inserts, then updates the same key', async () => {
    expect(await database.upsert('users', { email: 'first@example.com' }, { name: 'ana' })).toBe(1);
    expect(await database.upsert('users', { email: 'second@example.com' }, { name: 'ana' })).toBe(1);
    expect(await database.select('users')).toEqual([{ name: 'ana', email: 'second@example.com', visits: 0 }]);
  });

  it('upsert one key from many connections at once without errors or duplicates', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) =>
        database.upsert('users', { email: `u${i}@example.com` }, { name: 'same' }),
      ),
    );
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(await database.fetchOne('SELECT count(*) FROM users WHERE name = $1', ['same'])).toBe(1n);
  });

  it('call database functions with named arguments', async () => {
    expect(await database.callOne('hello', { name: 'Gonzalo' })).toBe('Hello Gonzalo');
    expect(await database.callOne('public.hello', { greeting: 'Hola', name: 'Ana' })).toBe('Hola Ana');
    expect(await database.call('pairs', { n: 3 })).toEqual([
      { i: 1, square: 1 },
      { i: 2, square: 4 },
      { i: 3, square: 9 },
    ]);
  });

  it('map constraint violations to stable codes without the SQL or its values', async () => {
    await database.insert('users', { name: 'ana' });
    const duplicate = await database.insert('users', { name: 'ana' }).catch((error: unknown) => error);
    expect(duplicate).toMatchObject({
      code: 'UNIQUE_VIOLATION',
      statusCode: 409,
      details: { sqlState: '23505', constraint: 'users_pkey' },
    });
    expect(JSON.stringify(duplicate)).not.toContain('ana');
    await expect(database.update('users', { visits: -1 }, { name: 'ana' })).rejects.toMatchObject({
      code: 'CHECK_VIOLATION',
      statusCode: 400,
    });
    await expect(database.insert('users', { name: null })).rejects.toMatchObject({
      code: 'NOT_NULL_VIOLATION',
    });
    await expect(database.insert('posts', { author: 'nobody' })).rejects.toMatchObject({
      code: 'FOREIGN_KEY_VIOLATION',
      statusCode: 409,
    });
    await expect(database.fetchAll('SELECT $1::int', ['x'])).rejects.toMatchObject({ code: 'INVALID_DATA' });
  });
});

describe('type parsers', () => {
  it('keep values exact and time-zone free', async () => {
    const row = await database.fetchRow(`
      SELECT 9007199254740993::int8 AS big, ARRAY[1, 2]::int8[] AS bigs,
             12345678901234567890.123456789::numeric AS exact,
             '2024-02-29'::date AS day, ARRAY['2024-01-01'::date] AS days,
             '2024-02-29 23:59:58.123456'::timestamp AS local,
             '2024-02-29 23:59:58.5+02'::timestamptz AS instant,
             '1 day 2 hours'::interval AS span,
             '\\x0102ff'::bytea AS bytes, '{"a":[1]}'::jsonb AS doc`);
    expect(row).toEqual({
      big: 9007199254740993n,
      bigs: [1n, 2n],
      exact: '12345678901234567890.123456789',
      day: '2024-02-29',
      days: ['2024-01-01'],
      local: '2024-02-29T23:59:58.123456',
      instant: new Date('2024-02-29T21:59:58.500Z'),
      span: 'P0Y0M1DT2H0M0S',
      bytes: Buffer.from([1, 2, 255]),
      doc: { a: [1] },
    });
  });
});

describe('prepared statements', () => {
  const preparedOnServer = async (db: Database, text: string) =>
    db.transaction(async (tx) => {
      // Same connection: the statement is prepared on it, then found in pg_prepared_statements.
      await tx.fetchAll(text, { name: 'nobody' });
      return tx.fetchOne<number>('SELECT count(*)::int FROM pg_prepared_statements WHERE statement = $1', [
        text.replace(':name', '$1'),
      ]);
    });

  it('prepares a statement with parameters once per connection, and runs it as often as asked', async () => {
    const text = 'SELECT name FROM users WHERE name = :name AND visits >= 0';
    expect(await preparedOnServer(database, text)).toBe(1);
    await database.insert('users', { name: 'ada' });
    for (let i = 0; i < 5; i += 1) {
      expect(await database.fetchAll(text, { name: 'ada' })).toEqual([{ name: 'ada' }]);
    }
  });

  it("prepares the helpers' statements too (upsert, one-row insert, select), not a many-row insert", async () => {
    // A connection of its own: what is prepared on it is what this test ran.
    const fresh = new Database({ connection: testDb.url, max: 1 });
    const preparedTexts = await fresh.transaction(async (tx) => {
      await tx.upsert('users', { visits: 3 }, { name: 'grace' });
      await tx.upsert('users', { visits: 4 }, { name: 'grace' });
      await tx.insert('users', { name: 'linus' });
      await tx.insert('users', [{ name: 'ken' }, { name: 'dennis' }]);
      expect(await tx.select('users', { name: 'grace' })).toEqual([
        expect.objectContaining({ name: 'grace', visits: 4 }),
      ]);
      return tx.fetchAll<{ statement: string }>(
        "SELECT statement FROM pg_prepared_statements WHERE name LIKE 'platform\\_%' ORDER BY statement",
      );
    });
    await fresh.close();
    const texts = preparedTexts.map((row) => row.statement);
    expect(texts.filter((text) => text.startsWith('INSERT') && text.includes('ON CONFLICT'))).toHaveLength(1);
    const inserts = texts.filter((text) => text.startsWith('INSERT') && !text.includes('ON CONFLICT'));
    expect(inserts).toHaveLength(1);
    expect(inserts[0]).not.toContain('$2');
    expect(texts.some((text) => text.startsWith('SELECT') && text.includes('"users"'))).toBe(true);
  });

  it('leaves a statement without parameters unprepared, whether from a query or a helper', async () => {
    const fresh = new Database({ connection: testDb.url, max: 1 });
    const preparedTexts = await fresh.transaction(async (tx) => {
      expect(await tx.fetchAll('SELECT 42 AS answer', [])).toEqual([{ answer: 42 }]);
      expect(await tx.fetchAll('SELECT 43 AS answer', {})).toEqual([{ answer: 43 }]);
      await tx.select('users');
      return tx.fetchAll<{ statement: string }>(
        "SELECT statement FROM pg_prepared_statements WHERE name LIKE 'platform\\_%'",
      );
    });
    await fresh.close();
    expect(preparedTexts).toEqual([]);
  });

  it('prepares nothing when told not to (a pooler that cannot keep them)', async () => {
    const unprepared = new Database({ connection: testDb.url, max: 1, prepare: false });
    try {
      expect(
        await preparedOnServer(unprepared, 'SELECT name FROM users WHERE name = :name AND visits >= 1'),
      ).toBe(0);
    } finally {
      await unprepared.close();
    }
  });
});
