import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, migrateTestDatabase, type StartedApp } from './support/start-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

let testDb: TestDatabase;
let app: StartedApp;

beforeAll(async () => {
  testDb = await createTestDatabase();
  await migrateTestDatabase(testDb.url);
  app = await startApp({ url: testDb.url, database: { max: 6 } });
});

afterAll(async () => {
  await app?.close();
  await testDb?.drop();
});

async function json(response: Promise<Response>): Promise<{ status: number; body: unknown }> {
  const answered = await response;
  return { status: answered.status, body: await answered.json() };
}

describe('example module', () => {
  it("'' answers true", async () => {
    expect(await json(app.post('/example/'))).toEqual({ status: 200, body: true });
  });

  it('foo echoes name and email, false without one, with the server time', async () => {
    const before = Date.now();
    const { status, body } = await json(
      app.post('/example/foo', { name: 'Gonzalo', email: 'g@example.com' }),
    );
    expect(status).toBe(200);
    const { time, ...rest } = body as { time: string };
    expect(rest).toEqual({ name: 'Gonzalo', email: 'g@example.com' });
    expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(time)).toBeGreaterThanOrEqual(before - 1_000);
    expect((await json(app.post('/example/foo', { name: 'Gonzalo' }))).body).toMatchObject({ email: false });
  });

  it('bar upserts the user in a transaction and returns its rows', async () => {
    expect(await json(app.post('/example/bar', { name: 'bar-user', email: 'one@example.com' }))).toEqual({
      status: 200,
      body: [{ name: 'bar-user', email: 'one@example.com' }],
    });
    expect(
      (await json(app.post('/example/bar', { name: 'bar-user', email: 'two@example.com' }))).body,
    ).toEqual([{ name: 'bar-user', email: 'two@example.com' }]);
    expect((await json(app.post('/example/bar', { name: 'bar-user' }))).body).toEqual([
      { name: 'bar-user', email: null },
    ]);
  });

  it('bar called for one name by many clients at once neither fails nor duplicates', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        json(app.post('/example/bar', { name: 'race', email: `r${i}@example.com` })),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(await app.database.fetchOne('SELECT count(*) FROM users WHERE name = $1', ['race'])).toBe(1n);
  });

  it('users reads by name and finds nothing for an unknown one', async () => {
    await app.post('/example/bar', { name: 'reader', email: 'r@example.com' });
    expect(await json(app.post('/example/users', { name: 'reader' }))).toEqual({
      status: 200,
      body: [{ name: 'reader', email: 'r@example.com' }],
    });
    expect((await json(app.post('/example/users', { name: 'nobody-here' }))).body).toEqual([]);
  });

  it('add-users adds every user in one transaction', async () => {
    expect(
      await json(
        app.post('/example/add-users', {
          users: [{ name: 'team-b', email: 'b@example.com' }, { name: 'team-a' }],
        }),
      ),
    ).toEqual({
      status: 200,
      body: [
        { name: 'team-a', email: null },
        { name: 'team-b', email: 'b@example.com' },
      ],
    });
  });

  it('add-users rolls back every insert when a later one fails', async () => {
    await app.post('/example/bar', { name: 'taken' });
    const { status, body } = await json(
      app.post('/example/add-users', {
        users: [{ name: 'fresh-1' }, { name: 'fresh-2' }, { name: 'taken' }],
      }),
    );
    expect(status).toBe(409);
    expect(body).toMatchObject({ error: { code: 'UNIQUE_VIOLATION', sqlState: '23505' } });
    expect(await app.database.fetchOne("SELECT count(*) FROM users WHERE name LIKE 'fresh-%'")).toBe(0n);

    const repeated = await json(
      app.post('/example/add-users', { users: [{ name: 'twice' }, { name: 'twice' }] }),
    );
    expect(repeated.status).toBe(409);
    expect(await app.database.fetchOne('SELECT count(*) FROM users WHERE name = $1', ['twice'])).toBe(0n);
  });
});
