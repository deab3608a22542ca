import { propagation, type TextMapPropagator } from '@opentelemetry/api';
import client from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpApp } from '@platform/http';
import { startServer, type TestServer } from '@platform/http/testing';
import { captureLogger } from '@platform/logging/testing';
import { ServiceContainer, type ServiceOptionsInput } from './index.js';
import { startFaultyUpstream, type Faults, type FaultyUpstream } from './test-support/faulty-upstream.js';

const upstreams: FaultyUpstream[] = [];
const servers: TestServer[] = [];
const containers: ServiceContainer[] = [];

afterEach(async () => {
  propagation.disable();
  for (const container of containers.splice(0)) container.close();
  await Promise.all([...upstreams.splice(0), ...servers.splice(0)].map((server) => server.close()));
});

async function upstream(faults: Faults = {}): Promise<FaultyUpstream> {
  const started = await startFaultyUpstream(faults);
  upstreams.push(started);
  return started;
}

function containerWith(services: Record<string, ServiceOptionsInput>): ServiceContainer {
  const container = new ServiceContainer({ logger: captureLogger().logger });
  for (const [name, options] of Object.entries(services)) container.add(name, options);
  containers.push(container);
  return container;
}

/** The current value of a counter's or gauge's series with exactly these labels (0 when absent). */
async function metric(name: string, labels: Record<string, string>): Promise<number> {
  const found = client.register.getSingleMetric(name);
  if (!found) return 0;
  const { values } = await found.get();
  const wanted = Object.entries(labels);
  const match = values.find(
    (value) =>
      Object.keys(value.labels).length === wanted.length &&
      wanted.every(([key, label]) => value.labels[key] === label),
  );
  return match?.value ?? 0;
}

async function failure(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

function p99(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.ceil(0.99 * sorted.length) - 1]!;
}

describe('retry budget', () => {
  it('keeps upstream requests per call at or under 1.1 when the upstream fails every call', async () => {
    const failing = await upstream({ failWith: 503 });
    const container = containerWith({
      budgeted: {
        baseUrl: failing.url,
        retry: { limit: 3, baseDelayMs: 1, backoffLimitMs: 1 },
        breaker: { enabled: false },
      },
    });
    const retriesBefore = await metric('service_client_retries_total', { service: 'budgeted' });
    const calls = 200;
    for (let batch = 0; batch < calls / 10; batch += 1) {
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () => container.get('budgeted').get('x')),
      );
      for (const result of results) {
        expect(result.status).toBe('rejected');
        expect((result as PromiseRejectedResult).reason).toMatchObject({ code: 'SERVICE_HTTP_ERROR' });
      }
    }
    const retries = (await metric('service_client_retries_total', { service: 'budgeted' })) - retriesBefore;
    expect(failing.requests.length / calls).toBeLessThanOrEqual(1.1);
    // Retries did happen (the budget's floor and share), each counted once.
    expect(failing.requests.length).toBeGreaterThan(calls);
    expect(retries).toBe(failing.requests.length - calls);
  });
});

describe('deadlines', () => {
  it('bounds a whole call by deadlineMs, cutting the attempt timeout, with DEADLINE_EXCEEDED', async () => {
    const hanging = await upstream({ delayMs: 10_000 });
    const container = containerWith({
      slow: { baseUrl: hanging.url, timeout: { request: 8_000 }, deadlineMs: 300 },
    });
    const started = Date.now();
    const error = await failure(container.get('slow').get('x').text());
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toMatchObject({ code: 'DEADLINE_EXCEEDED', statusCode: 504, service: 'slow' });
    expect(String(error['message'])).toMatch(/deadline of 300 ms ran out/);
    expect(hanging.requests).toHaveLength(1);
  });

  it('sends the time left as x-request-timeout-ms, shrinking from one attempt to the next', async () => {
    const failing = await upstream({ failWith: 503 });
    const container = containerWith({
      svc: {
        baseUrl: failing.url,
        deadlineMs: 5_000,
        retry: { limit: 3, baseDelayMs: 100, backoffLimitMs: 100 },
      },
    });
    await failure(container.get('svc').get('x'));
    const sent = failing.requests.map((request) => Number(request.headers['x-request-timeout-ms']));
    expect(sent).toHaveLength(4);
    expect(sent[0]).toBeLessThanOrEqual(5_000);
    for (let i = 1; i < sent.length; i += 1) expect(sent[i]).toBeLessThan(sent[i - 1]! - 50);

    // A per-call deadline replaces the service's.
    await failure(container.get('svc').get('y', { context: { deadlineMs: 700 }, retry: { limit: 0 } }));
    expect(Number(failing.requests.at(-1)!.headers['x-request-timeout-ms'])).toBeLessThanOrEqual(700);
  });

  it('starts no retry that the time left cannot fit', async () => {
    const slowFailing = await upstream({ failWith: 503, delayMs: 150 });
    const container = containerWith({
      svc: {
        baseUrl: slowFailing.url,
        deadlineMs: 500,
        retry: { limit: 10, baseDelayMs: 100, backoffLimitMs: 100, minAttemptMs: 150 },
      },
    });
    const started = Date.now();
    const error = await failure(container.get('svc').get('x'));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(['SERVICE_HTTP_ERROR', 'DEADLINE_EXCEEDED']).toContain(error['code']);
    // Each attempt was sent with at least minAttemptMs left (a few ms go to sending it).
    expect(slowFailing.requests.length).toBeLessThan(4);
    for (const request of slowFailing.requests) {
      expect(Number(request.headers['x-request-timeout-ms'])).toBeGreaterThanOrEqual(130);
    }
  });

  it('lets an incoming x-request-timeout-ms at an app from createHttpApp bound its outgoing call', async () => {
    const hanging = await upstream({ delayMs: 10_000 });
    const container = containerWith({ down: { baseUrl: hanging.url, timeout: { request: 8_000 } } });
    const { logger } = captureLogger();
    const app = createHttpApp({
      logger,
      routes: (router) => {
        router.get('/proxy', async (_req, res) => {
          res.send(await container.get('down').get('slow').text());
        });
      },
    });
    const server = await startServer(app);
    servers.push(server);

    const started = Date.now();
    const answer = await fetch(`${server.url}/proxy`, { headers: { 'x-request-timeout-ms': '400' } });
    expect(Date.now() - started).toBeLessThan(3_000);
    const text = await answer.text();
    expect({ status: answer.status, body: JSON.parse(text) as unknown }).toMatchObject({
      status: 504,
      body: { error: { code: 'DEADLINE_EXCEEDED' } },
    });
    expect(hanging.requests).toHaveLength(1);
    const forwarded = Number(hanging.requests[0]!.headers['x-request-timeout-ms']);
    expect(forwarded).toBeGreaterThan(0);
    expect(forwarded).toBeLessThanOrEqual(400);
  });
});

describe('bulkhead', () => {
  it('refuses calls beyond its slots and queue with SERVICE_BULKHEAD_FULL, without calling the upstream', async () => {
    const slow = await upstream({ delayMs: 300 });
    const container = containerWith({
      narrow: { baseUrl: slow.url, bulkhead: { maxConcurrent: 2, maxQueue: 1 } },
    });
    const rejectedBefore = await metric('service_client_bulkhead_rejected_total', { service: 'narrow' });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => container.get('narrow').get('x').text()),
    );
    const refused = results.filter((result) => result.status === 'rejected');
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(3);
    expect(refused).toHaveLength(2);
    for (const result of refused) {
      expect((result as PromiseRejectedResult).reason).toMatchObject({
        code: 'SERVICE_BULKHEAD_FULL',
        statusCode: 503,
        retryable: false,
        service: 'narrow',
      });
    }
    expect(slow.requests).toHaveLength(3);
    expect(
      (await metric('service_client_bulkhead_rejected_total', { service: 'narrow' })) - rejectedBefore,
    ).toBe(2);
  });

  it("bounds the wait for a slot by the call's deadline", async () => {
    const slow = await upstream({ delayMs: 600 });
    const container = containerWith({
      single: { baseUrl: slow.url, bulkhead: { maxConcurrent: 1, maxQueue: 5 } },
    });
    const first = container.get('single').get('x').text();
    const started = Date.now();
    const error = await failure(container.get('single').get('y', { context: { deadlineMs: 100 } }));
    expect(Date.now() - started).toBeLessThan(550);
    expect(error).toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    expect(String(error['message'])).toMatch(/waiting for a free slot/);
    expect(await first).toBe('ok');
    expect(slow.requests.map((request) => request.url)).toEqual(['/x']);
  });
});

describe('hedging', () => {
  async function latencies(container: ServiceContainer, service: string, calls: number): Promise<number[]> {
    const measured: number[] = [];
    for (let i = 0; i < calls; i += 1) {
      const started = performance.now();
      expect(await container.get(service).get('x').text()).toBe('ok');
      measured.push(performance.now() - started);
    }
    return measured;
  }

  it('cuts the p99 of a slow tail at least in half, cancelling the slower attempt', async () => {
    // Every 10th request waits 300 ms more: a tail of 10 %.
    const plain = await upstream({ slowEvery: 10, slowMs: 300 });
    const hedged = await upstream({ slowEvery: 10, slowMs: 300 });
    const container = containerWith({
      plain: { baseUrl: plain.url },
      hedged: {
        baseUrl: hedged.url,
        hedge: { enabled: true, delayMs: 50 },
        retry: { budget: { percent: 50 } },
      },
    });
    const hedgesBefore = await metric('service_client_hedges_total', { service: 'hedged' });
    const without = p99(await latencies(container, 'plain', 100));
    const withHedging = p99(await latencies(container, 'hedged', 100));
    expect(withHedging).toBeLessThanOrEqual(without / 2);
    const hedges = (await metric('service_client_hedges_total', { service: 'hedged' })) - hedgesBefore;
    expect(hedges).toBeGreaterThanOrEqual(9);
    // A hedge sent just as the first attempt answered may be cancelled before it reaches the upstream.
    expect(hedged.requests.length).toBeLessThanOrEqual(100 + hedges);
    expect(hedged.requests.length).toBeGreaterThanOrEqual(109);
    // The slow attempts lost the race and were cancelled before they answered.
    expect(hedged.requests.filter((request) => request.aborted).length).toBeGreaterThanOrEqual(9);
  });

  it('never hedges a non-idempotent call unless it is marked idempotent', async () => {
    const slow = await upstream({ delayMs: 200 });
    const container = containerWith({
      hedging: { baseUrl: slow.url, hedge: { enabled: true, delayMs: 20 } },
    });
    const hedgesBefore = await metric('service_client_hedges_total', { service: 'hedging' });
    expect(
      await container
        .get('hedging')
        .post('orders', { json: { n: 1 } })
        .text(),
    ).toBe('ok');
    expect(
      await container
        .get('hedging')
        .patch('orders/1', { json: { n: 2 } })
        .text(),
    ).toBe('ok');
    expect(slow.requests.map((request) => request.method)).toEqual(['POST', 'PATCH']);
    expect(await metric('service_client_hedges_total', { service: 'hedging' })).toBe(hedgesBefore);

    expect(
      await container
        .get('hedging')
        .post('lookups', { json: { n: 3 }, context: { idempotent: true } })
        .text(),
    ).toBe('ok');
    expect(slow.requests.filter((request) => request.url === '/lookups')).toHaveLength(2);
  });
});

describe('metrics and trace context', () => {
  it('counts calls by outcome and publishes the breaker state', async () => {
    const server = await upstream({ failWith: 500 });
    const container = containerWith({
      counted: {
        baseUrl: server.url,
        retry: { limit: 0 },
        breaker: { volumeThreshold: 2, resetTimeoutMs: 60_000 },
      },
    });
    const before = await metric('service_client_calls_total', {
      service: 'counted',
      outcome: 'SERVICE_HTTP_ERROR',
    });
    for (let i = 0; i < 2; i += 1) await failure(container.get('counted').get('x'));
    await failure(container.get('counted').get('x'));
    expect(
      (await metric('service_client_calls_total', { service: 'counted', outcome: 'SERVICE_HTTP_ERROR' })) -
        before,
    ).toBe(2);
    expect(
      await metric('service_client_calls_total', { service: 'counted', outcome: 'SERVICE_CIRCUIT_OPEN' }),
    ).toBe(1);
    expect(await metric('service_client_breaker_state', { service: 'counted' })).toBe(2);

    server.faults.failWith = undefined;
    const ok = containerWith({ fine: { baseUrl: server.url } });
    expect(await ok.get('fine').get('x').text()).toBe('ok');
    expect(await metric('service_client_calls_total', { service: 'fine', outcome: 'ok' })).toBe(1);
    const durations = await client.register.getSingleMetric('service_client_call_duration_seconds')!.get();
    const observed = durations.values.find(
      (value) =>
        (value as { metricName?: string }).metricName === 'service_client_call_duration_seconds_count' &&
        value.labels['service'] === 'fine' &&
        value.labels['outcome'] === 'ok',
    );
    expect(observed?.value).toBe(1);
    expect(await metric('service_client_breaker_state', { service: 'fine' })).toBe(0);
  });

  it('injects the active trace context into every request through the registered propagator', async () => {
    const server = await upstream();
    const propagator: TextMapPropagator = {
      inject: (_context, carrier, setter) => setter.set(carrier, 'traceparent', '00-test-trace-01'),
      extract: (context) => context,
      fields: () => ['traceparent'],
    };
    const container = containerWith({ traced: { baseUrl: server.url } });
    expect(await container.get('traced').get('x').text()).toBe('ok');
    expect(server.requests[0]!.headers['traceparent']).toBeUndefined();
    propagation.setGlobalPropagator(propagator);
    expect(await container.get('traced').get('x').text()).toBe('ok');
    expect(server.requests[1]!.headers['traceparent']).toBe('00-test-trace-01');
  });
});
