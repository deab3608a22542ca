import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Database } from '@platform/db';
import { createTestDatabase, type TestDatabase } from '@platform/db/testing';
import { startServer } from '@platform/http/testing';
import { captureLogger } from '@platform/logging/testing';
import { defineAction } from '../src/actions/define-action.js';
import { defineModule } from '../src/actions/define-module.js';
import { createApp } from '../src/app.js';
import { DatabaseRegistry } from '../src/database/database-registry.js';
import { exampleModule } from '../src/modules/example/index.js';
import { migrateTestDatabase, startApp, TOKEN, type StartedApp } from './support/start-app.js';

const settingsQuery = `SELECT current_setting('transaction_read_only') AS "readOnly",
                              current_setting('statement_timeout') AS "statementTimeout"`;

/** Actions that show what the batch's transaction looks like from inside. */
const probe = defineModule({
  name: 'probe',
  actions: {
    settings: defineAction({
      summary: 'The transaction settings the action runs under',
      input: z.strictObject({}),
      output: z.unknown(),
      readOnly: true,
      handler: (_input, { db }) => db.fetchRow(settingsQuery),
    }),
    'own-timeout': defineAction({
      summary: 'Settings under a statement timeout of its own',
      input: z.strictObject({}),
      output: z.unknown(),
      readOnly: true,
      statementTimeoutMs: 1234,
      handler: (_input, { db }) => db.fetchRow(settingsQuery),
    }),
    slow: defineAction({
      summary: 'Sleeps past its own statement timeout',
      input: z.strictObject({}),
      output: z.unknown(),
      readOnly: true,
      statementTimeoutMs: 100,
      handler: (_input, { db }) => db.fetchOne('SELECT pg_sleep(5)::text'),
    }),
    'sneaky-write': defineAction({
      summary: 'Declared read-only, yet writes',
      input: z.strictObject({ name: z.string() }),
      output: z.unknown(),
      readOnly: true,
      handler: ({ name }, { db }) => db.insert('users', { name }),
    }),
  },
});

let testDb: TestDatabase;
let app: StartedApp;

beforeAll(async () => {
  testDb = await createTestDatabase({ prefix: 'db_api_batch' });
  await migrateTestDatabase(testDb.url);
  app = await startApp({ url: testDb.url, modules: [exampleModule, probe], batchMaxItems: 5 });
});

afterAll(async () => {
  await app?.close();
  await testDb?.drop();
});

interface Answer {
  results: unknown[];
  error: { code: string; index?: number; requestId?: string; [detail: string]: unknown };
}

async function json(response: Promise<Response>): Promise<{ status: number; body: Answer }> {
  const answered = await response;
  return { status: answered.status, body: (await answered.json()) as Answer };
}

const batch = (items: unknown, headers?: Record<string, string>) => json(app.post('/batch', items, headers));
const userCount = async (): Promise<bigint> =>
  (await app.database.fetchOne('SELECT count(*) FROM users')) as bigint;
const userExists = async (name: string): Promise<boolean> =>
  (await app.database.fetchOne('SELECT count(*) FROM users WHERE name = $1', [name])) === 1n;

describe('POST /batch', () => {
  it('answers every result in order, each as the action alone answers, in one transaction', async () => {
    const { status, body } = await batch([
      { action: 'example/', input: {} },
      { action: 'example/bar', input: { name: 'order-1', email: 'o1@example.com' } },
      { action: 'example/add-users', input: { users: [{ name: 'order-3' }, { name: 'order-2' }] } },
      { action: 'example/users', input: { name: 'order-2' } },
      { action: 'example/foo', input: { name: 'Gonzalo' } },
    ]);
    expect(status).toBe(200);
    expect(body.results).toHaveLength(5);
    expect(body.results.slice(0, 4)).toEqual([
      true,
      [{ name: 'order-1', email: 'o1@example.com' }],
      [
        { name: 'order-2', email: null },
        { name: 'order-3', email: null },
      ],
      [{ name: 'order-2', email: null }],
    ]);
    expect(body.results[4]).toMatchObject({ name: 'Gonzalo', email: false, time: expect.any(String) });
    expect(await userExists('order-1')).toBe(true);
    expect(await userExists('order-3')).toBe(true);
  });

  it('writes nothing when item 3 fails, and answers its error with its index', async () => {
    await app.post('/example/bar', { name: 'already-there' });
    const before = await userCount();
    const { status, body } = await batch([
      { action: 'example/bar', input: { name: 'rolled-back-1' } },
      { action: 'example/add-users', input: { users: [{ name: 'rolled-back-2' }] } },
      { action: 'example/add-users', input: { users: [{ name: 'already-there' }] } },
      { action: 'example/add-users', input: { users: [{ name: 'never-reached' }] } },
    ]);
    expect(status).toBe(409);
    expect(body.error).toMatchObject({ code: 'UNIQUE_VIOLATION', sqlState: '23505', index: 2 });
    expect(await userCount()).toBe(before);
    expect(await userExists('rolled-back-1')).toBe(false);
    expect(await userExists('rolled-back-2')).toBe(false);
    const logged = app.logs.find((line) => line['db_api.batch.index'] === 2);
    expect(logged).toMatchObject({ code: 'UNIQUE_VIOLATION', 'db_api.action': 'example/add-users' });
  });

  it('runs READ ONLY when every action only reads, read-write as soon as one writes', async () => {
    const reads = await batch([
      { action: 'example/users', input: { name: 'nobody' } },
      { action: 'probe/settings', input: {} },
    ]);
    expect(reads).toEqual({
      status: 200,
      body: { results: [[], { readOnly: 'on', statementTimeout: '5s' }] },
    });
    const mixed = await batch([
      { action: 'example/bar', input: { name: 'writer' } },
      { action: 'probe/settings', input: {} },
    ]);
    expect(mixed.body.results[1]).toEqual({ readOnly: 'off', statementTimeout: '5s' });
  });

  it('refuses a write in a read-only batch (READ_ONLY_TRANSACTION) and keeps nothing', async () => {
    const { status, body } = await batch([
      { action: 'probe/settings', input: {} },
      { action: 'probe/sneaky-write', input: { name: 'sneaky' } },
    ]);
    expect(status).toBe(500);
    expect(body.error).toMatchObject({ code: 'READ_ONLY_TRANSACTION', index: 1 });
    expect(await userExists('sneaky')).toBe(false);
  });

  it("sets an action's own statement timeout for that item only, and puts the default back after it", async () => {
    const { status, body } = await batch([
      { action: 'probe/own-timeout', input: {} },
      { action: 'probe/settings', input: {} },
      { action: 'probe/own-timeout', input: {} },
    ]);
    expect(status).toBe(200);
    expect(body.results).toEqual([
      { readOnly: 'on', statementTimeout: '1234ms' },
      { readOnly: 'on', statementTimeout: '5s' },
      { readOnly: 'on', statementTimeout: '1234ms' },
    ]);
  });

  it('stops an item at its own statement timeout: 504 with its index, earlier writes rolled back', async () => {
    const { status, body } = await batch([
      { action: 'example/bar', input: { name: 'before-slow' } },
      { action: 'probe/slow', input: {} },
    ]);
    expect(status).toBe(504);
    expect(body.error).toMatchObject({ code: 'STATEMENT_TIMEOUT', index: 1 });
    expect(await userExists('before-slow')).toBe(false);
  });

  it("applies an action's own statement timeout when it is called alone too", async () => {
    expect(await json(app.post('/probe/own-timeout', {}))).toEqual({
      status: 200,
      body: { readOnly: 'on', statementTimeout: '1234ms' },
    });
    const slow = await json(app.post('/probe/slow', {}));
    expect(slow.status).toBe(504);
    expect(slow.body.error.code).toBe('STATEMENT_TIMEOUT');
  });

  it('needs the bearer token, answers 405 to other methods and keeps to the body limit', async () => {
    const items = [{ action: 'example/bar', input: { name: 'no-token' } }];
    const unauthorized = await fetch(`${app.base}/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(items),
    });
    expect(unauthorized.status).toBe(401);
    const get = await fetch(`${app.base}/batch`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const large = await batch([{ action: 'example/bar', input: { name: 'x'.repeat(3_000) } }]);
    expect(large.status).toBe(413);
    expect(large.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await userExists('no-token')).toBe(false);
  });
});

describe('POST /batch refuses bad input before any statement runs', () => {
  const insert = { action: 'example/bar', input: { name: 'must-not-exist' } };

  async function refused(items: unknown): Promise<{ code: string; index?: number; [key: string]: unknown }> {
    const before = await userCount();
    const { status, body } = await batch(items);
    expect(status).toBe(400);
    expect(body.error.requestId).toEqual(expect.any(String));
    expect(await userCount()).toBe(before);
    expect(await userExists('must-not-exist')).toBe(false);
    return body.error;
  }

  it('not an array', async () => {
    expect(await refused(insert)).toMatchObject({ code: 'BATCH_NOT_ARRAY' });
    expect(await refused('"example/bar"')).toMatchObject({ code: 'BATCH_NOT_ARRAY' });
  });

  it('empty', async () => {
    expect(await refused([])).toMatchObject({ code: 'BATCH_EMPTY' });
  });

  it('more items than BATCH_MAX_ITEMS', async () => {
    expect(await refused(Array(6).fill(insert))).toMatchObject({ code: 'BATCH_TOO_LONG', max: 5, count: 6 });
  });

  it('an item that is not an object, or has other fields', async () => {
    expect(await refused([insert, 42])).toMatchObject({ code: 'BATCH_ITEM_INVALID', index: 1 });
    expect(await refused([insert, { action: 7 }])).toMatchObject({
      code: 'BATCH_ITEM_INVALID',
      index: 1,
      issues: [{ path: 'action', message: expect.stringMatching(/string/) }],
    });
    expect(await refused([insert, { ...insert, extra: true }])).toMatchObject({
      code: 'BATCH_ITEM_INVALID',
      index: 1,
      issues: [{ path: 'extra', message: 'Unknown field' }],
    });
  });

  it('an unknown action, with its index and name', async () => {
    expect(await refused([insert, insert, { action: 'example/nope', input: {} }])).toMatchObject({
      code: 'BATCH_UNKNOWN_ACTION',
      index: 2,
      action: 'example/nope',
    });
  });

  it('a batch inside a batch', async () => {
    expect(await refused([insert, { action: 'batch', input: [insert] }])).toMatchObject({
      code: 'BATCH_NESTED',
      index: 1,
    });
  });

  it("an input the action's schema refuses: the first such item, with its index and fields", async () => {
    const error = await refused([
      insert,
      { action: 'example/foo', input: { name: 'fine' } },
      { action: 'example/foo', input: { name: '', extra: 1 } },
      { action: 'example/users', input: {} },
    ]);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', index: 2 });
    expect(error['issues']).toEqual([
      { path: 'name', message: expect.any(String) },
      { path: 'extra', message: 'Unknown field' },
    ]);
  });
});

describe('POST /batch across databases', () => {
  it('refuses items on different databases with BATCH_MIXED_DATABASES, running nothing', async () => {
    const other = defineModule({
      name: 'other',
      actions: {
        write: defineAction({
          summary: 'Writes on the other database',
          input: z.strictObject({ name: z.string() }),
          output: z.unknown(),
          database: 'other',
          handler: ({ name }, { db }) => db.insert('users', { name }),
        }),
      },
    });
    const { logger } = captureLogger({ app: 'db-api' });
    const databases = new DatabaseRegistry([
      new Database({ name: 'default', connection: testDb.url, max: 2 }),
      new Database({ name: 'other', connection: testDb.url, max: 2 }),
    ]);
    const server = await startServer(
      createApp({ logger, databases, tokens: [TOKEN], modules: [exampleModule, other] }),
    );
    try {
      const answer = await fetch(`${server.url}/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify([
          { action: 'example/bar', input: { name: 'mixed-1' } },
          { action: 'other/write', input: { name: 'mixed-2' } },
        ]),
      });
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({
        error: { code: 'BATCH_MIXED_DATABASES', index: 1, database: 'other', expected: 'default' },
      });
      expect(await userExists('mixed-1')).toBe(false);
      expect(await userExists('mixed-2')).toBe(false);
    } finally {
      await server.close();
      await databases.close();
    }
  });
});

describe('GET /openapi.json', () => {
  it('describes POST /batch with one item kind per action and the bound', async () => {
    interface BatchDocument {
      paths: Record<
        string,
        {
          post: {
            requestBody: {
              content: Record<
                string,
                { schema: { items: { oneOf: { properties: { action: { const: string } } }[] } } }
              >;
            };
          };
        }
      >;
      components: { schemas: { Error: { properties: { error: { properties: Record<string, unknown> } } } } };
    }
    const document = (await (await fetch(`${app.base}/openapi.json`)).json()) as BatchDocument;
    const schema = document.paths['/batch']!.post.requestBody.content['application/json']!.schema;
    expect(schema).toMatchObject({ type: 'array', minItems: 1, maxItems: 5 });
    const kinds = schema.items.oneOf.map((item) => item.properties.action.const);
    expect(kinds).toEqual(expect.arrayContaining(['example/', 'example/bar', 'probe/slow']));
    expect(document.components.schemas.Error.properties.error.properties.index).toEqual(
      expect.objectContaining({ type: 'integer' }),
    );
  });
});
