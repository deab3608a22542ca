import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbApiClient, DbApiError, type DbApiClient, type ModuleMethods } from '@platform/db-api-client';
import { createTestDatabase, type TestDatabase } from '@platform/db/testing';
import { migrateTestDatabase, startApp, TOKEN, type StartedApp } from './support/start-app.js';

let testDb: TestDatabase;
let app: StartedApp;
let client: DbApiClient & ModuleMethods;

beforeAll(async () => {
  testDb = await createTestDatabase({ prefix: 'db_api_client' });
  await migrateTestDatabase(testDb.url);
  app = await startApp({ url: testDb.url });
  client = createDbApiClient({ baseUrl: app.base, token: TOKEN, timeoutMs: 10_000 });
});

afterAll(async () => {
  await app?.close();
  await testDb?.drop();
});

async function failure(promise: Promise<unknown>): Promise<DbApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DbApiError);
  return error as DbApiError;
}

describe('@platform/db-api-client against the real db-api', () => {
  it('calls actions through their typed methods', async () => {
    expect(await client.example.root()).toBe(true);
    expect(await client.example.bar({ name: 'typed', email: 't@example.com' })).toEqual([
      { name: 'typed', email: 't@example.com' },
    ]);
    const users = await client.example.users({ name: 'typed' });
    expect(users.map((user) => user.email)).toEqual(['t@example.com']);
    const foo = await client.call('example/foo', { name: 'Gonzalo' });
    expect(foo).toMatchObject({ name: 'Gonzalo', email: false });
    expect(Date.parse(foo.time)).not.toBeNaN();
  });

  it('runs a batch and answers its results in order', async () => {
    const [added, read] = await client.batch([
      { action: 'example/add-users', input: { users: [{ name: 'batch-typed' }] } },
      { action: 'example/users', input: { name: 'batch-typed' } },
    ]);
    expect(added).toEqual([{ name: 'batch-typed', email: null }]);
    expect(read).toEqual([{ name: 'batch-typed', email: null }]);
  });

  it("throws db-api's error code, details and the failing item's index; nothing is written", async () => {
    const error = await failure(
      client.batch([
        { action: 'example/add-users', input: { users: [{ name: 'client-rolled-back' }] } },
        { action: 'example/add-users', input: { users: [{ name: 'typed' }] } },
      ]),
    );
    expect(error).toMatchObject({ code: 'UNIQUE_VIOLATION', status: 409, index: 1 });
    expect(error.details).toMatchObject({ sqlState: '23505' });
    expect(error.requestId).toEqual(expect.any(String));
    expect(await client.example.users({ name: 'client-rolled-back' })).toEqual([]);
  });

  it('throws VALIDATION_FAILED with the issues for an input the schema refuses', async () => {
    const error = await failure(client.example.users({ name: '' }));
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(error.details?.['issues']).toEqual([{ path: 'name', message: expect.any(String) }]);
  });

  it('throws UNAUTHORIZED with a token db-api does not accept', async () => {
    const stranger = createDbApiClient({ baseUrl: app.base, token: 'not-a-token-0123456789' });
    expect(await failure(stranger.example.root())).toMatchObject({
      code: 'UNAUTHORIZED',
      status: 401,
      statusCode: 502,
    });
  });
});
