import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Database } from './database.js';
import { transactional } from './transactional.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

let testDb: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDb = await createTestDatabase({ prefix: 'platform_db' });
  database = new Database({ connection: testDb.url, max: 4 });
  await database.execute(`
    CREATE TABLE accounts (name text PRIMARY KEY, balance int NOT NULL CHECK (balance >= 0));
    CREATE TABLE ledger (id serial PRIMARY KEY, note text NOT NULL);
  `);
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

beforeEach(async () => {
  await database.execute('TRUNCATE accounts, ledger');
  await database.insert('accounts', [
    { name: 'a', balance: 10 },
    { name: 'b', balance: 0 },
  ]);
});

async function balances(): Promise<Record<string, number>> {
  const rows = await database.select<{ name: string; balance: number }>('accounts');
  return Object.fromEntries(rows.map((row) => [row.name, row.balance]));
}

describe('transactional', () => {
  it('commits every statement when the function succeeds', async () => {
    const result = await database.transaction(async (tx) => {
      await tx.insert('ledger', { note: 'move 4' });
      await tx.execute('UPDATE accounts SET balance = balance - 4 WHERE name = :name', { name: 'a' });
      await tx.execute('UPDATE accounts SET balance = balance + 4 WHERE name = :name', { name: 'b' });
      return 'done';
    });
    expect(result).toBe('done');
    expect(await balances()).toEqual({ a: 6, b: 4 });
    expect(await database.fetchOne('SELECT count(*) FROM ledger')).toBe(1n);
  });

  it('rolls every statement back when a later one fails', async () => {
    const failed = database.transaction(async (tx) => {
      await tx.insert('ledger', { note: 'move 40' });
      await tx.execute('UPDATE accounts SET balance = balance + 40 WHERE name = $1', ['b']);
      await tx.execute('UPDATE accounts SET balance = balance - 40 WHERE name = $1', ['a']);
    });
    await expect(failed).rejects.toMatchObject({ code: 'CHECK_VIOLATION' });
    expect(await balances()).toEqual({ a: 10, b: 0 });
    expect(await database.fetchOne('SELECT count(*) FROM ledger')).toBe(0n);
  });

  it('rolls back when the function itself throws, and rethrows that error', async () => {
    const boom = new Error('not a database error');
    await expect(
      database.transaction(async (tx) => {
        await tx.insert('ledger', { note: 'half done' });
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await database.fetchOne('SELECT count(*) FROM ledger')).toBe(0n);
  });

  it('gives every connection back, after successes and failures alike', async () => {
    const attempts = Array.from({ length: 12 }, (_, i) =>
      database
        .transaction(async (tx) => {
          await tx.insert('ledger', { note: `n${i}` });
          if (i % 2 === 0) await tx.execute('SELECT 1/0');
        })
        .catch(() => undefined),
    );
    await Promise.all(attempts);
    expect(database.stats.waiting).toBe(0);
    expect(database.stats.idle).toBe(database.stats.total);
    expect(await database.fetchOne('SELECT count(*) FROM ledger')).toBe(6n);
  });

  it('refuses writes in a READ ONLY transaction', async () => {
    const write = database.transaction((tx) => tx.insert('ledger', { note: 'x' }), { readOnly: true });
    await expect(write).rejects.toMatchObject({
      code: 'READ_ONLY_TRANSACTION',
      details: { sqlState: '25006' },
    });
    const read = await database.transaction((tx) => tx.fetchOne('SELECT count(*) FROM accounts'), {
      readOnly: true,
    });
    expect(read).toBe(2n);
  });

  it('retries the whole function after a serialization failure', async () => {
    let attempts = 0;
    const outcome = await database.transaction(
      async (tx) => {
        attempts += 1;
        const balance = await tx.fetchOne<number>('SELECT balance FROM accounts WHERE name = $1', ['a']);
        if (attempts === 1) {
          // A concurrent committed write to the row this transaction read and is about to write.
          await database.execute('UPDATE accounts SET balance = balance + 1 WHERE name = $1', ['a']);
        }
        await tx.execute('UPDATE accounts SET balance = $1 WHERE name = $2', [(balance ?? 0) * 2, 'a']);
        return balance;
      },
      { isolation: 'serializable' },
    );
    expect(attempts).toBe(2);
    expect(outcome).toBe(11);
    expect(await balances()).toEqual({ a: 22, b: 0 });
  });

  it('gives up after the allowed retries with TRANSACTION_CONFLICT (503)', async () => {
    let attempts = 0;
    const run = database.transaction(
      async (tx) => {
        attempts += 1;
        await tx.fetchOne('SELECT balance FROM accounts WHERE name = $1', ['a']);
        await database.execute('UPDATE accounts SET balance = balance + 1 WHERE name = $1', ['a']);
        await tx.execute('UPDATE accounts SET balance = 0 WHERE name = $1', ['a']);
      },
      { isolation: 'repeatable read', retries: 1 },
    );
    await expect(run).rejects.toMatchObject({ code: 'TRANSACTION_CONFLICT', statusCode: 503 });
    expect(attempts).toBe(2);
  });

  it('gives up within one client-side timeout when the server stops answering mid-transaction', async () => {
    // No server-side statement timeout: pg_sleep stands in for a server that went silent.
    const silent = new Database({
      connection: testDb.url,
      max: 1,
      statementTimeoutMs: 0,
      queryTimeoutMs: 1_000,
    });
    try {
      const started = Date.now();
      const run = silent.transaction(async (tx) => {
        await tx.insert('ledger', { note: 'never committed' });
        await tx.execute('SELECT pg_sleep(3)');
      });
      await expect(run).rejects.toMatchObject({ code: 'STATEMENT_TIMEOUT', statusCode: 504 });
      // Not a second wait for a ROLLBACK on the dead connection: the server rolls back when it closes.
      expect(Date.now() - started).toBeLessThan(1_800);
      expect(silent.stats.total).toBe(0);
      expect(await silent.fetchOne('SELECT count(*) FROM ledger')).toBe(0n);
    } finally {
      await silent.close();
    }
  });

  it('works on a plain pg Pool too', async () => {
    const pool = new pg.Pool({ connectionString: testDb.url, max: 1 });
    try {
      await transactional(pool, (tx) => tx.insert('ledger', { note: 'from a pool' }));
      expect(await database.fetchOne('SELECT note FROM ledger')).toBe('from a pool');
    } finally {
      await pool.end();
    }
  });
});
