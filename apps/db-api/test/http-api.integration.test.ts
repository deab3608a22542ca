import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAction } from '../src/actions/define-action.js';
import { defineModule } from '../src/actions/define-module.js';
import { modules } from '../src/modules/index.js';
import { startApp, TOKEN, migrateTestDatabase, type StartedApp } from './support/start-app.js';
import { createTestDatabase, type TestDatabase } from '@platform/db/testing';

const probe = defineModule({
  name: 'probe',
  actions: {
    types: defineAction({
      summary: 'Database values of awkward types',
      input: z.strictObject({}),
      output: z.unknown(),
      handler: (_input, { db }) =>
        db.fetchRow(`SELECT 9007199254740993::int8 AS big, 1234567890.123456789::numeric AS exact,
          '2024-02-29'::date AS day, '2024-02-29 10:11:12.123456'::timestamp AS local,
          '2024-02-29 10:11:12.5+00'::timestamptz AS instant, '\\x00ff10'::bytea AS bytes,
          '{"a": 1}'::jsonb AS doc, NULL::text AS nothing`),
    }),
    nested: defineAction({
      summary: 'Nested input',
      input: z.strictObject({
        user: z.strictObject({ age: z.number().int().min(0) }),
        tags: z.array(z.string()),
      }),
      output: z.unknown(),
      handler: (input) => input,
    }),
    'read-only': defineAction({
      summary: 'A write inside a read-only transaction',
      input: z.strictObject({}),
      output: z.unknown(),
      transaction: 'read-only',
      handler: (_input, { db }) => db.insert('users', { name: 'never' }),
    }),
  },
});

let testDb: TestDatabase;
let app: StartedApp;

beforeAll(async () => {
  testDb = await createTestDatabase({ prefix: 'db_api' });
  await migrateTestDatabase(testDb.url);
  app = await startApp({ url: testDb.url, modules: [...modules, probe] });
});

afterAll(async () => {
  await app?.close();
  await testDb?.drop();
});

describe('routes', () => {
  it('answer POST /<module>/ and POST /<module>/<action>', async () => {
    const root = await app.post('/example/');
    expect(root.status).toBe(200);
    expect(await root.json()).toBe(true);
    expect(await (await app.post('/example')).json()).toBe(true);
    expect((await app.post('/example/foo', { name: 'ana' })).status).toBe(200);
  });

  it('answer 405 with Allow: POST to any other method on an action', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const response = await fetch(`${app.base}/example/foo`, {
        method,
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect(await response.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
    }
  });

  it('answer 404 ROUTE_NOT_FOUND for an unknown module or action', async () => {
    for (const route of ['/example/nope', '/nope/foo', '/nope']) {
      const response = await app.post(route, {});
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
    }
  });
});

describe('bearer auth', () => {
  it('refuses a missing or wrong token with 401 and accepts every configured token', async () => {
    const missing = await fetch(`${app.base}/example/`, { method: 'POST' });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(await missing.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    const wrong = await app.post('/example/', undefined, { authorization: 'Bearer not-the-token-at-all' });
    expect(wrong.status).toBe(401);
    const unknownRoute = await fetch(`${app.base}/nope`, { method: 'POST' });
    expect(unknownRoute.status).toBe(401);
    const rotated = await app.post('/example/', undefined, {
      authorization: 'Bearer rotated-token-0123456789abcdef',
    });
    expect(rotated.status).toBe(200);
  });

  it('leaves /healthz, /readyz and /openapi.json open', async () => {
    expect((await fetch(`${app.base}/healthz`)).status).toBe(200);
    expect((await fetch(`${app.base}/readyz`)).status).toBe(200);
    expect((await fetch(`${app.base}/openapi.json`)).status).toBe(200);
  });
});

describe('input validation', () => {
  it('answers 400 VALIDATION_FAILED with one issue per field', async () => {
    const response = await app.post('/example/foo', { name: 7, email: 'not-an-email', extra: 1, other: 2 });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['email', 'extra', 'name', 'other']);
    const missing = await app.post('/example/foo', {});
    expect(await missing.json()).toMatchObject({
      error: { issues: [{ path: 'name', message: expect.stringMatching(/expected string/) }] },
    });
  });

  it('names nested fields by their dotted path', async () => {
    const response = await app.post('/probe/nested', { user: { age: -1, x: 1 }, tags: ['a', 2] });
    const { error } = (await response.json()) as { error: { issues: { path: string }[] } };
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['tags.1', 'user.age', 'user.x']);
  });

  it('refuses a body that is not an object', async () => {
    for (const body of ['[1,2]', '"text"', 'null', '42']) {
      const response = await app.post('/example/foo', body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: { code: 'VALIDATION_FAILED', issues: [{ path: '' }] },
      });
    }
  });

  it('answers INVALID_JSON, 413 and 415 for bodies it cannot read, logged under the action', async () => {
    const malformed = await app.post('/example/foo', '{"name":', { 'x-request-id': 'unread-1' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'INVALID_JSON' } });
    const large = await app.post('/example/foo', { name: 'x'.repeat(5_000) }, { 'x-request-id': 'unread-2' });
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    const form = await app.post('/example/foo', 'name=ana', {
      'content-type': 'application/x-www-form-urlencoded',
      'x-request-id': 'unread-3',
    });
    expect(form.status).toBe(415);
    expect(await form.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    // Refused before the action ran, each request line (and its metrics) still names the route.
    for (const requestId of ['unread-1', 'unread-2', 'unread-3']) {
      const line = app.logs.find((entry) => entry['request.id'] === requestId && entry['res'] !== undefined);
      expect(line?.['http.route']).toBe('/example/foo');
    }
  });

  it('logs validation failures at warn with the fields, not their values', async () => {
    const requestId = 'validation-log-check';
    await app.post(
      '/example/foo',
      { name: 'secret-value-1234', email: 'bad' },
      { 'x-request-id': requestId },
    );
    const line = app.logs.find(
      (entry) => entry['request.id'] === requestId && entry['db_api.action'] === 'foo',
    );
    expect(line).toMatchObject({
      'log.level': 'warn',
      'db_api.module': 'example',
      issues: [{ path: 'email' }],
    });
    expect(JSON.stringify(line)).not.toContain('secret-value-1234');
  });
});

describe('JSON out', () => {
  it('writes exact numbers, ISO-8601 dates and base64 bytes', async () => {
    const response = await app.post('/probe/types');
    expect(await response.json()).toEqual({
      big: '9007199254740993',
      exact: '1234567890.123456789',
      day: '2024-02-29',
      local: '2024-02-29T10:11:12.123456',
      instant: '2024-02-29T10:11:12.500Z',
      bytes: Buffer.from([0, 255, 16]).toString('base64'),
      doc: { a: 1 },
      nothing: null,
    });
  });
});

describe('database errors', () => {
  it('map to HTTP by SQLSTATE and are logged at error with the request id', async () => {
    const response = await app.post('/probe/read-only', undefined, { 'x-request-id': 'read-only-check' });
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(JSON.parse(body)).toMatchObject({
      error: { code: 'READ_ONLY_TRANSACTION', sqlState: '25006', requestId: 'read-only-check' },
    });
    expect(body).not.toMatch(/insert|users/i);
    expect(
      app.logs.find((entry) => entry['request.id'] === 'read-only-check' && entry['log.level'] === 'error'),
    ).toMatchObject({ code: 'READ_ONLY_TRANSACTION', 'db.sqlstate': '25006', 'db_api.action': 'read-only' });
  });
});

describe('request log', () => {
  it('writes one line per request with the route, status and duration', async () => {
    await app.post('/example/foo', { name: 'ana' }, { 'x-request-id': 'access-log-check' });
    const lines = app.logs.entries().filter((entry) => entry['request.id'] === 'access-log-check');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ 'http.route': '/example/foo', res: { statusCode: 200 } });
    expect(lines[0]?.['duration_ms']).toEqual(expect.any(Number));
  });
});

describe('GET /openapi.json', () => {
  it('describes every action with its body schema, its answer and the bearer scheme', async () => {
    const document = (await (await fetch(`${app.base}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, { post?: Record<string, unknown> }>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/example/',
        '/example/foo',
        '/example/bar',
        '/example/users',
        '/example/add-users',
      ]),
    );
    expect(document.paths['/example/foo']?.post).toMatchObject({
      requestBody: {
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['name'],
              additionalProperties: false,
              properties: { email: { format: 'email' } },
            },
          },
        },
      },
      responses: {
        '200': { content: { 'application/json': { schema: { required: ['name', 'email', 'time'] } } } },
      },
    });
    expect(document.components.securitySchemes).toEqual({ bearer: { type: 'http', scheme: 'bearer' } });
  });
});
