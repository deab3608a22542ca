import type { RequestListener } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startServer, type TestServer } from '@platform/http/testing';
import { createLogger } from '@platform/logging';
import { ServiceContainer } from '@platform/service-container';
import { createDbApiClient } from '@platform/db-api-client';
import { checkAll, formatLines, greetAll } from './demo.js';

const servers: TestServer[] = [];
let container: ServiceContainer | undefined;

async function serve(handler: RequestListener): Promise<string> {
  const server = await startServer(handler);
  servers.push(server);
  return server.url;
}

async function stoppedUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

afterEach(async () => {
  container?.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function newContainer(): ServiceContainer {
  container = new ServiceContainer({
    logger: createLogger({ app: 'demo-test', environment: 'test', level: 'silent' }),
  });
  return container;
}

const hello =
  (framework: string): RequestListener =>
  (req, res) => {
    const name = decodeURIComponent((req.url ?? '').replace('/hello/', ''));
    res.end(`Hello ${name} from ${framework} service`);
  };

describe('greetAll', () => {
  it('greets on every hello service and prints a health line for the others, in file order', async () => {
    const express = await serve(hello('express'));
    const platform = await serve((req, res) => {
      res.statusCode = req.url === '/healthz' ? 200 : 404;
      res.end();
    });
    const down = await stoppedUrl();
    const services = newContainer()
      .add('helloExpress', { baseUrl: express, tags: ['hello'] })
      .add('db-api', { baseUrl: platform })
      .add('helloKoa', { baseUrl: down, tags: ['hello'], retry: { limit: 0 } })
      .add('counter', { baseUrl: down });

    const lines = await greetAll(services, 'Ana María', { checkTimeoutMs: 500 });
    expect(lines.map((line) => [line.service, line.ok])).toEqual([
      ['helloExpress', true],
      ['db-api', true],
      ['helloKoa', false],
      ['counter', false],
    ]);
    expect(lines[0]!.text).toBe('Hello Ana María from express service');
    expect(lines[1]!.text).toMatch(new RegExp(`^is up \\(GET ${platform}/healthz: 200 in \\d+ ms\\)$`));
    expect(lines[2]!.text).toBe(
      `is down: GET ${down}/hello/Ana%20Mar%C3%ADa failed: the service cannot be reached (ECONNREFUSED) [SERVICE_UNREACHABLE]`,
    );
    expect(lines[3]!.text).toMatch(/^is down: GET .*\/healthz failed: .* \[SERVICE_UNREACHABLE\]$/);
  });

  it('says a service is up but not ready, with what it waits for', async () => {
    const waiting = await serve((_req, res) => {
      res.statusCode = 503;
      res.end(
        JSON.stringify({ status: 'not ready', ready: false, checks: { redis: 'down' }, draining: false }),
      );
    });
    const services = newContainer().add('counter', { baseUrl: waiting, health: { path: '/readyz' } });
    const [line] = await greetAll(services, 'x', { checkTimeoutMs: 500 });
    expect(line).toMatchObject({ service: 'counter', ok: false });
    expect(line!.text).toMatch(
      new RegExp(
        `^is up but not ready: waiting for redis \\(down\\) \\(GET ${waiting}/readyz: 503 in \\d+ ms\\) \\[SERVICE_NOT_READY\\]$`,
      ),
    );
  });

  it('says "failed" with the status for a service that answers an error', async () => {
    const broken = await serve((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    const services = newContainer().add('helloHttp', { baseUrl: broken, tags: ['hello'] });
    const [line] = await greetAll(services, 'x', { checkTimeoutMs: 500 });
    expect(line).toEqual({
      service: 'helloHttp',
      ok: false,
      text: `failed: GET ${broken}/hello/x answered 404 Not Found [SERVICE_HTTP_ERROR]`,
    });
  });
});

describe('checkAll and formatLines', () => {
  it('prints one aligned line per service', async () => {
    const up = await serve((_req, res) => res.end());
    const services = newContainer()
      .add('a', { baseUrl: up })
      .add('longer-name', { baseUrl: await stoppedUrl() });
    const text = formatLines(await checkAll(services, 500));
    const [first, second] = text.split('\n');
    expect(first).toMatch(/^a {12}is up \(GET http:\/\/127\.0\.0\.1:\d+\/healthz: 200 in \d+ ms\)$/);
    expect(second).toMatch(/^longer-name {2}is down: /);
  });
});

describe('greetAll with the typed db-api client', () => {
  it("calls db-api's example/foo through the client instead of a health line, and names a refusal's code", async () => {
    const seen: { url: string | undefined; authorization: string | undefined; body: string }[] = [];
    const dbApi = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ url: req.url, authorization: req.headers.authorization, body });
        res.setHeader('content-type', 'application/json');
        if (req.headers.authorization !== 'Bearer demo-token-0123456789') {
          res.statusCode = 401;
          res.end(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'Unauthorized' } }));
          return;
        }
        res.end(
          JSON.stringify({ name: JSON.parse(body).name, email: false, time: '2026-01-01T00:00:00.000Z' }),
        );
      });
    });
    const services = newContainer().add('db-api', { baseUrl: dbApi });
    const client = (token: string) => createDbApiClient({ baseUrl: dbApi, token, timeoutMs: 2_000 });

    const [line] = await greetAll(services, 'Ana', {
      checkTimeoutMs: 500,
      dbApi: client('demo-token-0123456789'),
    });
    expect(line).toEqual({
      service: 'db-api',
      ok: true,
      text: 'example/foo answered {"name":"Ana","email":false,"time":"2026-01-01T00:00:00.000Z"} (typed client)',
    });
    expect(seen[0]).toEqual({
      url: '/example/foo',
      authorization: 'Bearer demo-token-0123456789',
      body: '{"name":"Ana"}',
    });

    const [refused] = await greetAll(services, 'Ana', {
      checkTimeoutMs: 500,
      dbApi: client('wrong-token-0123456789'),
    });
    expect(refused).toMatchObject({ service: 'db-api', ok: false });
    expect(refused!.text).toMatch(/\[UNAUTHORIZED\]$/);
  });
});
