import { describe, expect, expectTypeOf, it } from 'vitest';
import { createDbApiClient, type DbApiClientOptions } from './create-db-api-client.js';
import { DbApiError } from './db-api-error.js';
import type { ExampleFooOutput, ExampleUsersOutput } from './generated/db-api-actions.js';

interface Sent {
  url: string;
  init: RequestInit;
}

/** A fetch that records each request and answers with the given status and body. */
function answering(status: number, body: string, sent: Sent[] = []): typeof fetch {
  return (async (url: string | URL | Request, init?: RequestInit) => {
    sent.push({ url: String(url), init: init ?? {} });
    return new Response(body, { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

const options = (
  fetch: typeof globalThis.fetch,
  extra: Partial<DbApiClientOptions> = {},
): DbApiClientOptions => ({
  baseUrl: 'http://db-api.test:8010/',
  token: 'token-0123456789abcdef',
  fetch,
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<DbApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DbApiError);
  return error as DbApiError;
}

describe('createDbApiClient', () => {
  it('POSTs the input as JSON to /<module>/<action> with the bearer token, and answers the body', async () => {
    const sent: Sent[] = [];
    const client = createDbApiClient(
      options(answering(200, '[{"name":"ana","email":null}]', sent), { headers: { 'x-caller': 'billing' } }),
    );
    const users = await client.example.users({ name: 'ana' }, { requestId: 'req-1' });
    expect(users).toEqual([{ name: 'ana', email: null }]);
    expectTypeOf(users).toEqualTypeOf<ExampleUsersOutput>();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe('http://db-api.test:8010/example/users');
    expect(sent[0]!.init.method).toBe('POST');
    expect(sent[0]!.init.body).toBe('{"name":"ana"}');
    expect(sent[0]!.init.headers).toMatchObject({
      authorization: 'Bearer token-0123456789abcdef',
      'content-type': 'application/json',
      'x-request-id': 'req-1',
      'x-caller': 'billing',
    });
  });

  it("calls the module's '' action as root(), with {} when no input is given, and any action by name", async () => {
    const sent: Sent[] = [];
    const client = createDbApiClient(options(answering(200, 'true', sent)));
    expect(await client.example.root()).toBe(true);
    expect(await client.call('example/', {})).toBe(true);
    expect(sent.map((request) => [request.url, request.init.body])).toEqual([
      ['http://db-api.test:8010/example/', '{}'],
      ['http://db-api.test:8010/example/', '{}'],
    ]);
  });

  it('posts a batch and answers its results, typed in order', async () => {
    const sent: Sent[] = [];
    const client = createDbApiClient(
      options(answering(200, '{"results":[{"name":"a","email":false,"time":"t"},[]]}', sent)),
    );
    const results = await client.batch([
      { action: 'example/foo', input: { name: 'a' } },
      { action: 'example/users', input: { name: 'a' } },
    ]);
    expect(results).toEqual([{ name: 'a', email: false, time: 't' }, []]);
    expectTypeOf(results).toEqualTypeOf<[ExampleFooOutput, ExampleUsersOutput]>();
    expect(sent[0]!.url).toBe('http://db-api.test:8010/batch');
    expect(JSON.parse(String(sent[0]!.init.body))).toEqual([
      { action: 'example/foo', input: { name: 'a' } },
      { action: 'example/users', input: { name: 'a' } },
    ]);
  });

  it("maps db-api's error envelope to DbApiError with its code, status, details and index", async () => {
    const envelope = {
      error: {
        code: 'UNIQUE_VIOLATION',
        message: 'Already exists',
        requestId: 'req-9',
        sqlState: '23505',
        index: 2,
      },
    };
    const client = createDbApiClient(options(answering(409, JSON.stringify(envelope))));
    const error = await failure(client.batch([{ action: 'example/users', input: { name: 'a' } }]));
    expect(error).toMatchObject({
      code: 'UNIQUE_VIOLATION',
      message: 'Already exists',
      status: 409,
      statusCode: 409,
      requestId: 'req-9',
      index: 2,
      details: { sqlState: '23505', index: 2 },
    });
  });

  it('answers 502 for a refused token and a server fault, 504 for a statement timeout', async () => {
    const envelope = (code: string) => JSON.stringify({ error: { code, message: code } });
    const status = async (answer: number, code: string) =>
      (await failure(createDbApiClient(options(answering(answer, envelope(code)))).example.root()))
        .statusCode;
    expect(await status(401, 'UNAUTHORIZED')).toBe(502);
    expect(await status(500, 'INTERNAL')).toBe(502);
    expect(await status(504, 'STATEMENT_TIMEOUT')).toBe(504);
    expect(await status(400, 'VALIDATION_FAILED')).toBe(400);
  });

  it('refuses an answer that is not JSON, or an error without the envelope, as DB_API_BAD_RESPONSE', async () => {
    const html = await failure(
      createDbApiClient(options(answering(502, '<html>bad gateway</html>'))).example.root(),
    );
    expect(html).toMatchObject({ code: 'DB_API_BAD_RESPONSE', status: 502, statusCode: 502 });
    const bare = await failure(createDbApiClient(options(answering(500, '{"oops":true}'))).example.root());
    expect(bare).toMatchObject({ code: 'DB_API_BAD_RESPONSE', status: 500 });
    const noResults = await failure(
      createDbApiClient(options(answering(200, '{}'))).batch([{ action: 'example/', input: {} }]),
    );
    expect(noResults.code).toBe('DB_API_BAD_RESPONSE');
  });

  it('DB_API_UNREACHABLE when the request fails, DB_API_TIMEOUT past timeoutMs, DB_API_CANCELLED on abort', async () => {
    const refused = (async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      });
    }) as typeof fetch;
    expect(await failure(createDbApiClient(options(refused)).example.root())).toMatchObject({
      code: 'DB_API_UNREACHABLE',
      status: 0,
      statusCode: 502,
    });
    // Answers only when the call's signal aborts, as fetch does.
    const hanging = ((_url: string, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as typeof fetch;
    expect(
      await failure(createDbApiClient(options(hanging, { timeoutMs: 10 })).example.root()),
    ).toMatchObject({
      code: 'DB_API_TIMEOUT',
      statusCode: 504,
    });
    const controller = new AbortController();
    const pending = createDbApiClient(options(hanging)).example.root(undefined, {
      signal: controller.signal,
    });
    controller.abort();
    expect(await failure(pending)).toMatchObject({ code: 'DB_API_CANCELLED' });
  });
});
