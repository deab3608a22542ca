import type { ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ContainerConfigError,
  requestContextMiddleware,
  runWithRequestId,
  ServiceAlreadyDefinedError,
  ServiceContainer,
  ServiceUrlOutsideBaseError,
  UnknownServiceError,
  type ServiceOptionsInput,
} from './index.js';
import { runWithDeadline } from '@platform/deadline';
import { createRequestLogger } from '@platform/logging';
import { captureLogger } from '@platform/logging/testing';
import { startServer, type TestServer } from '@platform/http/testing';

const servers: TestServer[] = [];
const containers: ServiceContainer[] = [];

afterEach(async () => {
  for (const container of containers.splice(0)) container.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

function containerWith(services: Record<string, ServiceOptionsInput>, logger = captureLogger().logger) {
  const container = new ServiceContainer({ logger });
  for (const [name, options] of Object.entries(services)) container.add(name, options);
  containers.push(container);
  return container;
}

describe('ServiceContainer.get', () => {
  it('returns a got client bound to the service, created once', async () => {
    const server = await serve((req, res) => res.end(`you asked for ${req.url}`));
    const container = containerWith({ hello: { baseUrl: `${server.url}/api` } });
    const client = container.get('hello');
    expect(container.get('hello')).toBe(client);
    expect(await client.get('hello/Gonzalo').text()).toBe('you asked for /api/hello/Gonzalo');
  });

  it('throws a typed error listing the known names for an unknown service', () => {
    const container = containerWith({
      a: { baseUrl: 'http://127.0.0.1:1' },
      b: { baseUrl: 'http://127.0.0.1:2' },
    });
    expect(() => container.get('c')).toThrow(UnknownServiceError);
    try {
      container.get('c');
    } catch (error) {
      expect((error as UnknownServiceError).code).toBe('SERVICE_UNKNOWN');
      expect((error as UnknownServiceError).message).toBe('Unknown service "c"; the container has: a, b');
    }
  });
});

describe('ServiceContainer.add', () => {
  it('validates a service added in code like a file entry and refuses a taken name', () => {
    const container = containerWith({ a: { baseUrl: 'http://127.0.0.1:1' } });
    expect(() => container.add('a', { baseUrl: 'http://127.0.0.1:2' })).toThrow(ServiceAlreadyDefinedError);
    let error: unknown;
    try {
      container.add('b', { baseUrl: 'http://127.0.0.1:2', retry: { methods: ['POST'] } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ContainerConfigError);
    expect((error as ContainerConfigError).code).toBe('CONTAINER_SERVICE_INVALID');
    expect((error as ContainerConfigError).message).toMatch(
      /^Service definition: service "b", field "retry.methods.0": expected idempotent methods only/,
    );
    expect(container.has('b')).toBe(false);
  });

  it('refuses absolute URLs outside the service origin, so its headers reach no other host', async () => {
    const other = await serve((_req, res) => res.end('other'));
    const server = await serve((_req, res) => res.end('mine'));
    const container = containerWith({ svc: { baseUrl: server.url, headers: { authorization: 'Bearer t' } } });
    const attempt = container.get('svc').get(`${other.url}/steal`).text();
    await expect(attempt).rejects.toBeInstanceOf(ServiceUrlOutsideBaseError);
    await expect(attempt).rejects.toMatchObject({ code: 'SERVICE_URL_OUTSIDE_BASE' });
    expect(other.requests).toHaveLength(0);
  });
});

describe('per-call options and the promise helpers', () => {
  it('refuses a per-call deadline or idempotent flag that cannot be used, naming the field', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    const container = containerWith({ svc: { baseUrl: server.url } });
    for (const deadlineMs of [-1, 0, Number.NaN, '100', 4_000_000]) {
      await expect(container.get('svc').get('x', { context: { deadlineMs } })).rejects.toMatchObject({
        code: 'SERVICE_CALL_INVALID',
        field: 'context.deadlineMs',
        message: expect.stringMatching(/expected milliseconds from 1 to 3600000/),
      });
    }
    await expect(container.get('svc').get('x', { context: { idempotent: 'yes' } })).rejects.toMatchObject({
      code: 'SERVICE_CALL_INVALID',
      field: 'context.idempotent',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('fails at once with DEADLINE_EXCEEDED, calling nothing, when the current deadline has passed', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    const container = containerWith({ svc: { baseUrl: server.url } });
    await expect(runWithDeadline(0, () => container.get('svc').get('x').text())).rejects.toMatchObject({
      code: 'DEADLINE_EXCEEDED',
      statusCode: 504,
      message: expect.stringMatching(/ran out before the call started/),
    });
    expect(server.requests).toHaveLength(0);
  });

  it('parses JSON (asking for it), emits got events and cancels a call in flight', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/hang') return;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ accept: req.headers.accept }));
    });
    const container = containerWith({ svc: { baseUrl: server.url } });
    const responses: number[] = [];
    const answer = container
      .get('svc')
      .get('j')
      .on('response', (response: { statusCode: number }) => responses.push(response.statusCode));
    expect(await answer.json()).toEqual({ accept: 'application/json' });
    expect(responses).toEqual([200]);

    const hanging = container.get('svc').get('hang');
    setTimeout(() => hanging.cancel(), 50);
    await expect(hanging).rejects.toMatchObject({ code: 'SERVICE_REQUEST_FAILED' });

    const controller = new AbortController();
    const aborted = container.get('svc').get('hang', { signal: controller.signal }).text();
    setTimeout(() => controller.abort(), 50);
    await expect(aborted).rejects.toMatchObject({
      code: 'SERVICE_REQUEST_FAILED',
      message: expect.stringMatching(/cancelled by the caller/),
    });
    await expect(container.get('svc').get('j', { signal: AbortSignal.abort() }).text()).rejects.toMatchObject(
      { code: 'SERVICE_REQUEST_FAILED' },
    );
    expect(server.requests.map((request) => request.url)).toEqual(['/j', '/hang', '/hang']);
  });
});

describe('redirects', () => {
  it('follows a redirect on the service origin but not to another host', async () => {
    const other = await serve((_req, res) => res.end('other host'));
    const server = await serve((req, res) => {
      if (req.url === '/moved') {
        res.writeHead(301, { location: '/here' });
      } else if (req.url === '/away') {
        res.writeHead(302, { location: `${other.url}/stolen` });
      } else {
        res.write('here');
      }
      res.end();
    });
    const container = containerWith({ svc: { baseUrl: server.url, headers: { 'x-api-key': 'k' } } });
    expect(await container.get('svc').get('moved').text()).toBe('here');
    const away = await container.get('svc').get('away');
    expect(away.statusCode).toBe(302);
    expect(other.requests).toHaveLength(0);
  });

  it('refuses a stream to another origin too', async () => {
    const container = containerWith({ svc: { baseUrl: 'http://127.0.0.1:9/' } });
    expect(() => container.get('svc').stream('http://example.invalid/x')).toThrow(ServiceUrlOutsideBaseError);
  });
});

describe('timeouts', () => {
  it('bounds every request: a service that never answers fails with SERVICE_TIMEOUT naming it and the URL', async () => {
    const server = await serve(() => {
      /* never answers */
    });
    const container = containerWith({
      slow: { baseUrl: server.url, timeout: { request: 150 }, retry: { limit: 0 } },
    });
    const started = Date.now();
    const error = await container
      .get('slow')
      .get('hello/x')
      .text()
      .catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({
      code: 'SERVICE_TIMEOUT',
      statusCode: 504,
      service: 'slow',
      method: 'GET',
      url: `${server.url}/hello/x`,
      message: `slow: GET ${server.url}/hello/x timed out after 150 ms`,
    });
  });
});

describe('retries', () => {
  const failingTwice = () => {
    let calls = 0;
    return (_req: unknown, res: ServerResponse) => {
      calls += 1;
      if (calls <= 2) {
        res.statusCode = 503;
        res.end('busy');
      } else {
        res.end('ok');
      }
    };
  };

  it('retries idempotent methods with backoff until the service answers', async () => {
    const server = await serve(failingTwice());
    const { logger, entries } = captureLogger();
    const container = containerWith(
      { svc: { baseUrl: server.url, retry: { limit: 2, baseDelayMs: 10, backoffLimitMs: 20 } } },
      logger,
    );
    expect(
      await container
        .get('svc')
        .put('item/1', { json: { a: 1 } })
        .text(),
    ).toBe('ok');
    expect(server.requests.map((req) => req.method)).toEqual(['PUT', 'PUT', 'PUT']);
    const retries = entries().filter((entry) => /^Retrying svc/.test(String(entry['message'])));
    expect(retries.map((entry) => entry['attempt'])).toEqual([1, 2]);
  });

  it('never retries a POST or PATCH, even on a retryable status', async () => {
    const server = await serve(failingTwice());
    const container = containerWith({ svc: { baseUrl: server.url, retry: { limit: 3, baseDelayMs: 10 } } });
    await expect(container.get('svc').post('items', { json: {} }).text()).rejects.toMatchObject({
      code: 'SERVICE_HTTP_ERROR',
      upstreamStatus: 503,
    });
    await expect(container.get('svc').patch('items/1', { json: {} }).text()).rejects.toMatchObject({
      code: 'SERVICE_HTTP_ERROR',
    });
    expect(server.requests.map((req) => req.method)).toEqual(['POST', 'PATCH']);
  });

  it('does not retry a 4xx answer', async () => {
    const server = await serve((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    const container = containerWith({ svc: { baseUrl: server.url, retry: { baseDelayMs: 10 } } });
    const error = await container
      .get('svc')
      .get('missing')
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'SERVICE_HTTP_ERROR',
      statusCode: 502,
      upstreamStatus: 404,
      message: `svc: GET ${server.url}/missing answered 404 Not Found`,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('waits as long as Retry-After asks before retrying', async () => {
    const arrivals: number[] = [];
    const server = await serve((_req, res) => {
      arrivals.push(Date.now());
      if (arrivals.length === 1) {
        res.writeHead(429, { 'retry-after': '1' });
        res.end();
      } else {
        res.end('ok');
      }
    });
    const container = containerWith({ svc: { baseUrl: server.url, retry: { baseDelayMs: 10 } } });
    expect(await container.get('svc').get('x').text()).toBe('ok');
    expect(arrivals).toHaveLength(2);
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(950);
  });

  it('fails at once when Retry-After is longer than maxRetryAfterMs', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(503, { 'retry-after': '120' });
      res.end();
    });
    const container = containerWith({ svc: { baseUrl: server.url, retry: { maxRetryAfterMs: 1_000 } } });
    const started = Date.now();
    await expect(container.get('svc').get('x')).rejects.toMatchObject({ code: 'SERVICE_HTTP_ERROR' });
    expect(Date.now() - started).toBeLessThan(900);
    expect(server.requests).toHaveLength(1);
  });
});

describe('circuit breaker', () => {
  const breaker = { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutMs: 300 };

  it('opens after repeated failures, then fails fast without calling the service', async () => {
    let healthy = false;
    const server = await serve((_req, res) => {
      res.statusCode = healthy ? 200 : 500;
      res.end(healthy ? 'ok' : 'boom');
    });
    const { logger, entries } = captureLogger();
    const container = containerWith({ svc: { baseUrl: server.url, retry: { limit: 0 }, breaker } }, logger);
    const client = container.get('svc');
    for (let i = 0; i < 2; i += 1)
      await expect(client.get('x')).rejects.toMatchObject({ code: 'SERVICE_HTTP_ERROR' });
    expect(container.circuit('svc')).toBe('open');

    healthy = true;
    const error = await client.get('x').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'SERVICE_CIRCUIT_OPEN', statusCode: 503, service: 'svc' });
    expect((error as { headers: Record<string, string> }).headers['Retry-After']).toBe('1');
    expect((error as Error).message).toMatch(
      new RegExp(`^svc: GET ${server.url}/x not attempted: the circuit is open`),
    );
    expect(server.requests).toHaveLength(2);
    expect(entries().some((entry) => /Circuit for svc opened/.test(String(entry['message'])))).toBe(true);
  });

  it('half-opens after resetTimeoutMs: one successful probe closes it', async () => {
    let healthy = false;
    const server = await serve((_req, res) => {
      res.statusCode = healthy ? 200 : 500;
      res.end(healthy ? 'ok' : 'boom');
    });
    const container = containerWith({ svc: { baseUrl: server.url, retry: { limit: 0 }, breaker } });
    const client = container.get('svc');
    for (let i = 0; i < 2; i += 1) await client.get('x').catch(() => undefined);
    expect(container.circuit('svc')).toBe('open');

    await new Promise((resolve) => setTimeout(resolve, breaker.resetTimeoutMs + 50));
    expect(container.circuit('svc')).toBe('half-open');
    healthy = true;
    expect(await client.get('x').text()).toBe('ok');
    expect(container.circuit('svc')).toBe('closed');
    expect(await client.get('x').text()).toBe('ok');
  });

  it('half-opens after resetTimeoutMs: a failing probe opens it again', async () => {
    const server = await serve((_req, res) => {
      res.statusCode = 502;
      res.end();
    });
    const container = containerWith({ svc: { baseUrl: server.url, retry: { limit: 0 }, breaker } });
    const client = container.get('svc');
    for (let i = 0; i < 2; i += 1) await client.get('x').catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, breaker.resetTimeoutMs + 50));
    expect(container.circuit('svc')).toBe('half-open');
    await expect(client.get('x')).rejects.toMatchObject({ code: 'SERVICE_HTTP_ERROR' });
    expect(container.circuit('svc')).toBe('open');
    await expect(client.get('x')).rejects.toMatchObject({ code: 'SERVICE_CIRCUIT_OPEN' });
    expect(server.requests).toHaveLength(3);
  });

  it('does not count 4xx answers as failures of the service', async () => {
    const server = await serve((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    const container = containerWith({ svc: { baseUrl: server.url, retry: { limit: 0 }, breaker } });
    for (let i = 0; i < 5; i += 1)
      await container
        .get('svc')
        .get('x')
        .catch(() => undefined);
    expect(container.circuit('svc')).toBe('closed');
    expect(server.requests).toHaveLength(5);
  });

  it('counts connection failures and reports them as SERVICE_UNREACHABLE', async () => {
    const server = await serve((_req, res) => res.end());
    const url = server.url;
    await servers.pop()!.close();
    const container = containerWith({ svc: { baseUrl: url, retry: { limit: 0 }, breaker } });
    const error = await container
      .get('svc')
      .get('hello/x')
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'SERVICE_UNREACHABLE',
      networkCode: 'ECONNREFUSED',
      message: `svc: GET ${url}/hello/x failed: the service cannot be reached (ECONNREFUSED)`,
    });
    await container
      .get('svc')
      .get('x')
      .catch(() => undefined);
    expect(container.circuit('svc')).toBe('open');
  });
});

describe('request id propagation', () => {
  it('sends the id of the request being served as x-request-id, and an explicit one wins', async () => {
    const downstream = await serve((req, res) => res.end(String(req.headers['x-request-id'] ?? '-')));
    const container = containerWith({ down: { baseUrl: downstream.url } });

    // An incoming request whose handler calls the downstream service.
    const middleware = requestContextMiddleware();
    const upstream = await serve((req, res) => {
      middleware(req, res, () => {
        void (async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          res.end(await container.get('down').get('echo').text());
        })();
      });
    });
    const answer = await fetch(`${upstream.url}/`, { headers: { 'x-request-id': 'req-abc-123' } });
    expect(await answer.text()).toBe('req-abc-123');

    expect(await runWithRequestId('job-7', () => container.get('down').get('echo').text())).toBe('job-7');
    expect(
      await runWithRequestId('job-7', () =>
        container
          .get('down')
          .get('echo', { context: { requestId: 'explicit-1' } })
          .text(),
      ),
    ).toBe('explicit-1');
    expect(await container.get('down').get('echo').text()).toBe('-');
  });

  it('propagates the id the platform request logger gave a request without one', async () => {
    const downstream = await serve((req, res) => res.end(String(req.headers['x-request-id'] ?? '-')));
    const { logger } = captureLogger();
    const container = containerWith({ down: { baseUrl: downstream.url } }, logger);
    const requestLogger = createRequestLogger(logger);
    const middleware = requestContextMiddleware();
    const upstream = await serve((req, res) => {
      requestLogger(req, res);
      middleware(req, res, () => {
        void container
          .get('down')
          .get('echo')
          .text()
          .then((text) => res.end(text));
      });
    });
    const answer = await fetch(`${upstream.url}/`);
    const generated = answer.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(await answer.text()).toBe(generated);
  });

  it('keeps the id across retries', async () => {
    let calls = 0;
    const downstream = await serve((req, res) => {
      calls += 1;
      res.statusCode = calls === 1 ? 503 : 200;
      res.end(String(req.headers['x-request-id']));
    });
    const container = containerWith({ down: { baseUrl: downstream.url, retry: { baseDelayMs: 5 } } });
    expect(await runWithRequestId('r-1', () => container.get('down').get('x').text())).toBe('r-1');
    expect(downstream.requests.map((req) => req.headers['x-request-id'])).toEqual(['r-1', 'r-1']);
  });
});

describe('redaction', () => {
  const token = 's3cr3t-bearer-token';

  it('sends authorization to the service but never shows it in errors or logs', async () => {
    const server = await serve((req, res) => {
      res.statusCode = req.headers.authorization === `Bearer ${token}` ? 500 : 401;
      res.end();
    });
    const { logger, text } = captureLogger({ level: 'trace' });
    const container = containerWith(
      {
        svc: {
          baseUrl: server.url,
          headers: { authorization: `Bearer ${token}` },
          retry: { limit: 1, baseDelayMs: 5 },
        },
      },
      logger,
    );
    const error = await container
      .get('svc')
      .get('x')
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'SERVICE_HTTP_ERROR', upstreamStatus: 500 });
    logger.error({ err: error }, 'call failed');
    logger.flush();

    expect(text()).toMatch(/call failed/);
    expect(text()).toMatch(/Retrying svc/);
    for (const shown of [
      (error as Error).message,
      JSON.stringify(error),
      inspect(error, { depth: 8 }),
      text(),
    ]) {
      expect(shown).not.toContain(token);
    }
  });

  it('removes credentials written in the baseUrl from messages', async () => {
    const server = await serve((_req, res) => {
      res.statusCode = 500;
      res.end();
    });
    const withCredentials = server.url.replace('http://', `http://user:${token}@`);
    const container = containerWith({ svc: { baseUrl: withCredentials, retry: { limit: 0 } } });
    const error = await container
      .get('svc')
      .get('x')
      .catch((caught: unknown) => caught);
    expect(server.requests[0]?.headers.authorization).toMatch(/^Basic /);
    expect((error as Error).message).toBe(
      `svc: GET ${server.url.replace('http://', 'http://REDACTED@')}/x answered 500 Internal Server Error`,
    );
    expect(inspect(error, { depth: 8 })).not.toContain(token);
  });
});
