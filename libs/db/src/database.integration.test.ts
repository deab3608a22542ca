import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from './database.js';
import { Db } from './db.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

let testDb: TestDatabase;
const opened: Database[] = [];

function open(options: Partial<ConstructorParameters<typeof Database>[0]> = {}): Database {
  const database = new Database({ connection: testDb.url, ...options });
  opened.push(database);
  return database;
}

beforeAll(async () => {
  testDb = await createTestDatabase({ prefix: 'platform_db' });
});

afterAll(async () => {
  await Promise.all(opened.map((database) => database.close()));
  await testDb?.drop();
});

/** A TCP server that accepts connections and never says a word: a black-holed database. */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('Database', () => {
  it('answers POOL_EXHAUSTED with Retry-After once the acquire timeout passes', async () => {
    const database = open({ max: 1, acquireTimeoutMs: 300, retryAfterSeconds: 2 });
    const held = await database.connect();
    try {
      const started = Date.now();
      const error = await database.fetchOne('SELECT 1').catch((caught: unknown) => caught);
      const waited = Date.now() - started;
      expect(error).toMatchObject({
        code: 'POOL_EXHAUSTED',
        statusCode: 503,
        headers: { 'Retry-After': '2' },
      });
      expect(waited).toBeGreaterThanOrEqual(250);
      expect(waited).toBeLessThan(2_000);
    } finally {
      held.release();
    }
    expect(await database.fetchOne('SELECT 1')).toBe(1);
  });

  it('refuses at once when too many callers already wait', async () => {
    const database = open({ max: 1, acquireTimeoutMs: 5_000, maxWaiting: 1 });
    const held = await database.connect();
    const waiting = database.fetchOne('SELECT 2');
    const started = Date.now();
    await expect(database.fetchOne('SELECT 3')).rejects.toMatchObject({ code: 'POOL_EXHAUSTED' });
    expect(Date.now() - started).toBeLessThan(500);
    held.release();
    expect(await waiting).toBe(2);
  });

  it('stops a statement at the statement timeout with STATEMENT_TIMEOUT (504)', async () => {
    const database = open({ statementTimeoutMs: 200 });
    const started = Date.now();
    await expect(database.execute('SELECT pg_sleep(3)')).rejects.toMatchObject({
      code: 'STATEMENT_TIMEOUT',
      statusCode: 504,
      details: { sqlState: '57014' },
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await database.fetchOne('SELECT 1')).toBe(1);
  });

  it('reports DATABASE_UNAVAILABLE when nothing listens, and ping fails', async () => {
    const silent = await silentServer();
    const port = silent.port;
    await silent.close();
    const database = open({ connection: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await expect(database.fetchOne('SELECT 1')).rejects.toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
      statusCode: 503,
    });
    await expect(database.ping()).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
  });

  it('never waits longer than the acquire timeout on a server that does not answer', async () => {
    const silent = await silentServer();
    try {
      const database = open({
        connection: `postgres://postgres@127.0.0.1:${silent.port}/postgres`,
        acquireTimeoutMs: 300,
      });
      const started = Date.now();
      await expect(database.fetchOne('SELECT 1')).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await silent.close();
    }
  });

  it('survives losing a connection while it is checked out, and the next query works', async () => {
    const database = open({ max: 2 });
    const admin = open({ max: 1 });

    // A query in flight when its backend is killed. It may fail before the lines below are done
    // waiting, so the assertion (and with it a handler) is attached at once and awaited later.
    const busy = expect(database.fetchOne('SELECT pg_backend_pid(), pg_sleep(5)')).rejects.toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
    });
    await expect
      .poll(async () =>
        admin.fetchOne<string>(
          "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pg_sleep(5)'",
        ),
      )
      .toBe(1n);
    await admin.execute(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pg_sleep(5)' AND pid <> pg_backend_pid()",
    );
    await busy;

    // A connection held between statements when its backend is killed.
    const held = await database.connect();
    const pid = await new Db(held).fetchOne<number>('SELECT pg_backend_pid()');
    await admin.execute('SELECT pg_terminate_backend($1)', [pid]);
    await new Promise((resolve) => held.once('end', resolve));
    await expect(database.transaction((tx) => tx.fetchOne('SELECT 1'))).resolves.toBe(1);
    held.release(true);
    expect(await database.fetchOne('SELECT 1')).toBe(1);
  });

  it('pings a live database', async () => {
    const database = open();
    await expect(database.ping()).resolves.toBeUndefined();
    expect(database.stats.total).toBe(1);
  });
});
