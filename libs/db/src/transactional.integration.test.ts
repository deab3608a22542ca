import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Database } from './database.js';
import { Db } from './db.js';
import { inTransaction, transactional } from './transactional.js';
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

  it('refuses to report a commit when the body caught a failed statement and went on', async () => {
    const swallowed = database.transaction(async (tx) => {
      await tx.insert('ledger', { note: 'lost' });
      await tx.execute('UPDATE accounts SET balance = -1 WHERE name = $1', ['a']).catch(() => undefined);
      return 'done';
    });
    await expect(swallowed).rejects.toMatchObject({
      code: 'TRANSACTION_ABORTED',
      statusCode: 500,
      details: { sqlState: '25P02' },
    });
    expect(await database.fetchOne('SELECT count(*) FROM ledger')).toBe(0n);
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

describe('BEGIN with the first statement', () => {
  /** Runs `body` on one connection of its own and counts the round trips (ReadyForQuery) it took. */
  async function roundTrips(body: (client: pg.PoolClient) => Promise<unknown>): Promise<number> {
    const client = await database.connect();
    const wire = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
    let count = 0;
    const onReady = () => (count += 1);
    wire.on('readyForQuery', onReady);
    try {
      await body(client);
    } finally {
      wire.off('readyForQuery', onReady);
      client.release();
    }
    return count;
  }

  it("opens the transaction in the first statement's round trip: a statement awaited, then COMMIT, take two", async () => {
    const trips = await roundTrips((client) =>
      inTransaction(client, async (tx) => {
        await tx.upsert('accounts', { balance: 7 }, { name: 'a' });
        return 'done';
      }),
    );
    expect(trips).toBe(2);
    expect(await balances()).toEqual({ a: 7, b: 0 });
  });

  it('sends COMMIT with the statement whose promise the body returns: the whole transaction takes one', async () => {
    let changed: number | undefined;
    const trips = await roundTrips(async (client) => {
      changed = await inTransaction(client, (tx) => tx.upsert('accounts', { balance: 7 }, { name: 'a' }));
    });
    expect(trips).toBe(1);
    expect(changed).toBe(1);
    expect(await balances()).toEqual({ a: 7, b: 0 });
  });

  it('rolls back a returned statement that fails, without running COMMIT, and leaves the connection idle', async () => {
    const client = await database.connect();
    try {
      const failed = inTransaction(client, (tx) => tx.upsert('accounts', { balance: -1 }, { name: 'a' }));
      await expect(failed).rejects.toMatchObject({ code: 'CHECK_VIOLATION' });
      // Still inside the aborted transaction, this would fail with 25P02.
      expect(await new Db(client).fetchOne('SELECT 1')).toBe(1);
    } finally {
      client.release();
    }
    expect(await balances()).toEqual({ a: 10, b: 0 });
  });

  it("answers the COMMIT's own failure when COMMIT went with the statement (a deferred constraint)", async () => {
    await database.execute('CREATE TABLE slots (n int UNIQUE DEFERRABLE INITIALLY DEFERRED)');
    try {
      await database.execute('INSERT INTO slots VALUES (1)');
      const client = await database.connect();
      try {
        const failed = inTransaction(client, (tx) => tx.execute('INSERT INTO slots VALUES ($1)', [1]));
        await expect(failed).rejects.toMatchObject({ code: 'UNIQUE_VIOLATION', statusCode: 409 });
        expect(await new Db(client).fetchOne('SELECT 1')).toBe(1);
      } finally {
        client.release();
      }
      expect(await database.fetchOne('SELECT count(*) FROM slots')).toBe(1n);
      // Retried as a whole: the conflict is the COMMIT's, so it answers the same each time.
      await expect(
        database.transaction((tx) => tx.execute('INSERT INTO slots VALUES ($1)', [1])),
      ).rejects.toMatchObject({ code: 'UNIQUE_VIOLATION' });
    } finally {
      await database.execute('DROP TABLE slots');
    }
  });

  it('keeps the order of statements started together, and commits them after both', async () => {
    const trips = await roundTrips((client) =>
      inTransaction(client, (tx) =>
        Promise.all([tx.insert('ledger', { note: 'first' }), tx.insert('ledger', { note: 'second' })]),
      ),
    );
    expect(trips).toBe(3);
    expect(await database.fetchAll('SELECT note FROM ledger ORDER BY id')).toEqual([
      { note: 'first' },
      { note: 'second' },
    ]);
    const failed = database.transaction((tx) =>
      Promise.all([
        tx.insert('ledger', { note: 'third' }),
        tx.execute('UPDATE accounts SET balance = -1 WHERE name = $1', ['a']),
      ]),
    );
    await expect(failed).rejects.toMatchObject({ code: 'CHECK_VIOLATION' });
    expect(await database.fetchOne('SELECT count(*) FROM ledger')).toBe(2n);
  });

  it('sends SET LOCAL in the same round trip, and it holds for the transaction only', async () => {
    const trips = await roundTrips(async (client) => {
      const inside = await inTransaction(
        client,
        (tx) => tx.fetchOne<string>("SELECT current_setting('statement_timeout') WHERE $1::int = 1", [1]),
        { statementTimeoutMs: 1234 },
      );
      expect(inside).toBe('1234ms');
      expect(await new Db(client).fetchOne('SHOW statement_timeout')).not.toBe('1234ms');
    });
    // BEGIN, SET LOCAL, the statement and COMMIT in one; SHOW in the other.
    expect(trips).toBe(2);
  });

  it('sends nothing for a body that runs no statement', async () => {
    const trips = await roundTrips((client) => inTransaction(client, async () => 'nothing'));
    expect(trips).toBe(0);
  });

  it("skips the first statement when BEGIN fails, and keeps the connection's prepared statements right", async () => {
    const client = await database.connect();
    try {
      // Inside a transaction that has run a query, BEGIN ISOLATION LEVEL parses but fails to run.
      await client.query('BEGIN');
      await client.query('SELECT 1');
      // A statement text of this test's own, so this connection has never prepared it.
      const sql = 'INSERT INTO ledger (note) VALUES (:note) -- after a failed BEGIN';
      const insert = inTransaction(client, (tx) => tx.execute(sql, { note: 'never' }), {
        isolation: 'serializable',
      });
      await expect(insert).rejects.toMatchObject({ details: { sqlState: '25001' } });
      // The ROLLBACK after the failure ended the aborted transaction; the same named statement,
      // skipped with BEGIN, is parsed again instead of being taken for prepared.
      await inTransaction(client, (tx) => tx.execute(sql, { note: 'once' }));
      expect(await database.fetchAll('SELECT note FROM ledger')).toEqual([{ note: 'once' }]);
    } finally {
      client.release();
    }
  });

  it('parses a first statement PostgreSQL refused again next time, once it can be parsed', async () => {
    const client = await database.connect();
    try {
      const sql = 'INSERT INTO later (note) VALUES (:note)';
      const early = inTransaction(client, (tx) => tx.execute(sql, { note: 'too early' }));
      await expect(early).rejects.toMatchObject({ details: { sqlState: '42P01' } });
      await database.execute('CREATE TABLE later (note text)');
      await inTransaction(client, (tx) => tx.execute(sql, { note: 'in time' }));
      expect(await database.fetchAll('SELECT note FROM later')).toEqual([{ note: 'in time' }]);
    } finally {
      client.release();
      await database.execute('DROP TABLE IF EXISTS later');
    }
  });

  it('opens the transaction before a body that takes the raw connection runs', async () => {
    const client = await database.connect();
    try {
      const readOnly = await inTransaction(
        client,
        async (_tx, raw) =>
          (await raw.query("SELECT current_setting('transaction_read_only') AS on")).rows[0].on,
        { readOnly: true },
      );
      expect(readOnly).toBe('on');
    } finally {
      client.release();
    }
  });

  it('runs a first statement of several commands inside the transaction', async () => {
    const failed = database.transaction(async (tx) => {
      await tx.execute("INSERT INTO ledger (note) VALUES ('one'); INSERT INTO ledger (note) VALUES ('two')");
      await tx.execute('UPDATE accounts SET balance = -1 WHERE name = $1', ['a']);
    });
    await expect(failed).rejects.toMatchObject({ code: 'CHECK_VIOLATION' });
    expect(await database.fetchOne('SELECT count(*) FROM ledger')).toBe(0n);
    const read = await database.transaction((tx) => tx.fetchOne('SELECT count(*) FROM accounts'), {
      readOnly: true,
    });
    expect(read).toBe(2n);
  });
});
