import { status } from '@grpc/grpc-js';
import { ApiUnavailableError } from '@platform/api-client';
import { afterEach, describe, expect, it } from 'vitest';
import { shutdownGrpc } from '../src/shutdown-grpc.js';
import { countingSource } from './support/counting-source.js';
import { healthClient, reflect } from './support/service-clients.js';
import { startGrpc, TOKEN, type StartedGrpc } from './support/start-grpc.js';

const started: StartedGrpc[] = [];
const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
  for (const server of started.splice(0)) server.stop();
});

async function server(options: Parameters<typeof startGrpc>[0] = {}): Promise<StartedGrpc> {
  const running = await startGrpc(options);
  started.push(running);
  return running;
}

describe('grpc.health.v1', () => {
  it('answers SERVING without a token, and NOT_SERVING once draining', async () => {
    const running = await server();
    const health = healthClient(running.target);
    closers.push(health.close);
    expect(await health.check('')).toBe('SERVING');
    expect(await health.check('api.Api')).toBe('SERVING');
    running.setServing(false);
    expect(await health.check('')).toBe('NOT_SERVING');
    expect(await health.check('api.Api')).toBe('NOT_SERVING');
    await expect(health.check('no.Such')).rejects.toMatchObject({ code: status.NOT_FOUND });
  });
});

describe('server reflection', () => {
  it('lists the Api and health services and serves the descriptor of api.proto', async () => {
    const running = await server();
    const listed = await reflect(running.target, TOKEN, { list_services: '' });
    const names = (listed['list_services_response'] as { service: { name: string }[] }).service.map(
      (service) => service.name,
    );
    expect(names).toEqual(expect.arrayContaining(['api.Api', 'grpc.health.v1.Health']));

    const file = await reflect(running.target, TOKEN, { file_containing_symbol: 'api.Api' });
    const [descriptor] = (file['file_descriptor_response'] as { file_descriptor_proto: Buffer[] })
      .file_descriptor_proto;
    expect(descriptor?.toString('latin1')).toContain('api.proto');
    expect(descriptor?.toString('latin1')).toContain('getStream');
  });

  it('requires the bearer token like the Api', async () => {
    const running = await server();
    await expect(reflect(running.target, 'wrong', { list_services: '' })).rejects.toMatchObject({
      code: status.UNAUTHENTICATED,
    });
  });
});

describe('call logging', () => {
  it('logs one line per call with method, status, duration and request id, honouring the caller’s', async () => {
    const running = await server();
    const client = running.client();
    await client.sayHello('Gonzalo', { requestId: 'frontend-req-7' });
    await client.getAll(-1).catch(() => undefined);
    await running
      .client({ token: 'wrong' })
      .getAll(1)
      .catch(() => undefined);
    const calls = running.entries().filter((line) => typeof line['rpc.method'] === 'string');
    expect(
      calls.map((line) => [line['rpc.method'], line['rpc.grpc.status_code'], line['log.level']]),
    ).toEqual([
      ['/api.Api/sayHello', status.OK, 'info'],
      ['/api.Api/getAll', status.INVALID_ARGUMENT, 'warn'],
      ['/api.Api/getAll', status.UNAUTHENTICATED, 'warn'],
    ]);
    expect(calls.map((line) => line['request.id'])).toEqual([
      'frontend-req-7',
      expect.stringMatching(/^[0-9a-f-]{36}$/),
      expect.stringMatching(/^[0-9a-f-]{36}$/),
    ]);
    for (const line of calls) expect(line['duration_ms']).toEqual(expect.any(Number));
    expect(running.text()).not.toContain('wrong');
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight stream finish, then stops taking calls', async () => {
    const running = await server({ maxLength: 20_000 });
    const client = running.client();
    const stream = client.getStream(20_000);
    await stream.next();
    const shutdown = shutdownGrpc(running.server, 5_000);
    let count = 1;
    for await (const _item of stream) count += 1;
    expect(count).toBe(20_000);
    expect(await shutdown).toBe(true);
    await expect(client.sayHello('late')).rejects.toBeInstanceOf(ApiUnavailableError);
  });

  it('cancels calls still open after the bound', async () => {
    const items = countingSource();
    const running = await server({ items, maxLength: 100_000 });
    const stream = running.client().getStream(100_000);
    await stream.next();
    // The reader stalls, so the stream cannot finish within the bound.
    expect(await shutdownGrpc(running.server, 200)).toBe(false);
    await items.closed;
    let received = 1;
    const ended = await (async () => {
      for await (const _item of stream) received += 1;
    })().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(ended).toMatchObject({ code: expect.stringMatching(/^API_(UNAVAILABLE|CANCELLED|ERROR)$/) });
    expect(received).toBeLessThan(100_000);
  });
});
