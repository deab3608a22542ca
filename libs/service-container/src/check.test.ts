import { afterEach, describe, expect, it } from 'vitest';
import { ServiceContainer } from './index.js';
import { captureLogger } from '@platform/logging/testing';
import { freePort, startServer, type TestServer } from '@platform/http/testing';

const servers: TestServer[] = [];
let container: ServiceContainer | undefined;

afterEach(async () => {
  container?.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('ServiceContainer.check', () => {
  it('tells a service that answers but waits for a dependency from one that is down', async () => {
    const waiting = await startServer((req, res) => {
      res.statusCode = req.url === '/readyz' ? 503 : 200;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          status: 'not ready',
          ready: false,
          checks: { redis: 'down', db: 'ok' },
          draining: false,
        }),
      );
    });
    const draining = await startServer((_req, res) => {
      res.statusCode = 503;
      res.end(JSON.stringify({ ready: false, checks: {}, draining: true }));
    });
    servers.push(waiting, draining);
    container = new ServiceContainer({ logger: captureLogger().logger })
      .add('waiting', { baseUrl: waiting.url, health: { path: '/readyz' } })
      .add('draining', { baseUrl: draining.url, health: { path: '/readyz' } });
    const byName = Object.fromEntries(
      (await container.check({ timeoutMs: 1_000 })).map((h) => [h.service, h]),
    );
    expect(byName['waiting']).toMatchObject({
      status: 'not ready',
      statusCode: 503,
      reason: 'waiting for redis (down)',
      error: { code: 'SERVICE_NOT_READY' },
    });
    expect(byName['draining']).toMatchObject({ status: 'not ready', reason: 'draining' });
  });

  it('reports each service up or down with its latency, in parallel and bounded in time', async () => {
    const healthy = await startServer((req, res) => {
      res.statusCode = req.url === '/healthz' ? 200 : 404;
      res.end();
    });
    const failing = await startServer((_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    const hanging = await startServer(() => {
      /* never answers */
    });
    const custom = await startServer((req, res) => {
      res.statusCode = req.url === '/status' ? 204 : 500;
      res.end();
    });
    servers.push(healthy, failing, hanging, custom);
    const port = await freePort();
    container = new ServiceContainer({ logger: captureLogger().logger })
      .add('healthy', { baseUrl: healthy.url })
      .add('failing', { baseUrl: failing.url })
      .add('hanging', { baseUrl: hanging.url })
      .add('stopped', { baseUrl: `http://127.0.0.1:${port}` })
      .add('custom', { baseUrl: `${custom.url}/api/`, health: { path: '/status' } });

    const started = Date.now();
    const report = await container.check({ timeoutMs: 300 });
    // Five probes, one hanging: bounded by one timeout, not their sum.
    expect(Date.now() - started).toBeLessThan(1_500);

    const byName = Object.fromEntries(report.map((health) => [health.service, health]));
    expect(report.map((health) => health.service)).toEqual([
      'healthy',
      'failing',
      'hanging',
      'stopped',
      'custom',
    ]);
    expect(byName['healthy']).toMatchObject({
      status: 'up',
      statusCode: 200,
      url: `${healthy.url}/healthz`,
      circuit: 'closed',
    });
    expect(byName['healthy']!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(byName['failing']).toMatchObject({
      status: 'down',
      statusCode: 503,
      error: { code: 'SERVICE_HTTP_ERROR' },
    });
    expect(byName['hanging']).toMatchObject({
      status: 'down',
      error: {
        code: 'SERVICE_TIMEOUT',
        message: `hanging: GET ${hanging.url}/healthz timed out after 300 ms`,
      },
    });
    expect(byName['hanging']!.latencyMs).toBeGreaterThanOrEqual(290);
    expect(byName['stopped']).toMatchObject({ status: 'down', error: { code: 'SERVICE_UNREACHABLE' } });
    // The health path is absolute on the service's origin.
    expect(byName['custom']).toMatchObject({ status: 'up', statusCode: 204, url: `${custom.url}/status` });
    // Probes neither retry nor count against the breaker.
    expect(failing.requests).toHaveLength(1);
    expect(container.circuit('failing')).toBe('closed');
  });

  it('resolves a health path without a leading slash below baseUrl', async () => {
    const server = await startServer((req, res) => {
      res.statusCode = req.url === '/api/v1/healthz' ? 200 : 404;
      res.end();
    });
    servers.push(server);
    container = new ServiceContainer({ logger: captureLogger().logger }).add('svc', {
      baseUrl: `${server.url}/api/v1`,
      health: { path: 'healthz' },
    });
    expect(await container.check()).toEqual([
      expect.objectContaining({ status: 'up', url: `${server.url}/api/v1/healthz` }),
    ]);
  });

  it('checks only the services named', async () => {
    const healthy = await startServer((_req, res) => res.end());
    servers.push(healthy);
    container = new ServiceContainer({ logger: captureLogger().logger })
      .add('a', { baseUrl: healthy.url })
      .add('b', { baseUrl: 'http://127.0.0.1:9' });
    const report = await container.check({ services: ['a'] });
    expect(report).toEqual([expect.objectContaining({ service: 'a', status: 'up' })]);
  });
});
