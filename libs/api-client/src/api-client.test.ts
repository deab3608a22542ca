import { Metadata, status, type ServerWritableStream } from '@grpc/grpc-js';
import { ERROR_CODE_TRAILER, type ApiRequestOutput, type Item } from '@platform/api-proto';
import { runWithDeadline } from '@platform/deadline';
import { freePort } from '@platform/http/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ApiCancelledError,
  ApiClient,
  ApiInvalidArgumentError,
  ApiTimeoutError,
  ApiUnauthenticatedError,
  ApiUnavailableError,
} from './index.js';
import { startStubServer, type StubServer } from './test-support/stub-server.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function stub(handlers: Parameters<typeof startStubServer>[0]): Promise<StubServer> {
  const server = await startStubServer(handlers);
  cleanups.push(server.stop);
  return server;
}

function clientFor(
  target: string,
  options: Partial<ConstructorParameters<typeof ApiClient>[0]> = {},
): ApiClient {
  const client = new ApiClient({ target, deadlineMs: 2_000, ...options });
  cleanups.push(() => client.close());
  return client;
}

function itemsUpTo(length: number): Item[] {
  return Array.from({ length }, (_, index) => ({ id: index + 1, name: `name ${index + 1}` }));
}

describe('ApiClient calls', () => {
  it('returns the typed results of all three rpcs and sends the bearer token and request id as metadata', async () => {
    const seen: string[] = [];
    const server = await stub({
      sayHello: (call, callback) => {
        seen.push(String(call.metadata.get('authorization')[0]));
        seen.push(String(call.metadata.get('x-request-id')[0]));
        callback(null, { message: `Hello ${call.request.name}!` });
      },
      getAll: (call, callback) => callback(null, { items: itemsUpTo(call.request.length) }),
      getStream: (call) => {
        for (const item of itemsUpTo(call.request.length)) call.write(item);
        call.end();
      },
    });
    const client = clientFor(server.target, { token: 's3cret' });

    expect(await client.sayHello('Gonzalo', { requestId: 'req-42' })).toBe('Hello Gonzalo!');
    expect(seen).toEqual(['Bearer s3cret', 'req-42']);
    expect(await client.getAll(3)).toEqual([
      { id: 1, name: 'name 1' },
      { id: 2, name: 'name 2' },
      { id: 3, name: 'name 3' },
    ]);
    const streamed = [];
    for await (const item of client.getStream(5)) streamed.push(item);
    expect(streamed).toEqual(itemsUpTo(5));
    expect(await client.getAll(0)).toEqual([]);
  });

  it('refuses a length that is not a 32-bit integer before calling', async () => {
    const client = clientFor('127.0.0.1:1');
    expect(() => client.getAll(1.5)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    await expect(client.getStream(2 ** 40).next()).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('ApiClient errors', () => {
  it('fails with API_TIMEOUT (504) when the backend does not answer within the deadline', async () => {
    const server = await stub({ sayHello: () => {} });
    const client = clientFor(server.target, { deadlineMs: 150 });
    const started = Date.now();
    const error = await client.sayHello('x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiTimeoutError);
    expect(error).toMatchObject({ code: 'API_TIMEOUT', statusCode: 504, grpcCode: status.DEADLINE_EXCEEDED });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('uses the deadline of the work being done when it is shorter than its own', async () => {
    const deadlines: number[] = [];
    const server = await stub({
      sayHello: (call, callback) => {
        deadlines.push(Number(call.getDeadline()));
        callback(null, { message: 'hi' });
      },
    });
    const client = clientFor(server.target, { deadlineMs: 60_000 });
    const started = Date.now();
    await runWithDeadline(3_000, () => client.sayHello('a'));
    await client.sayHello('b');
    await runWithDeadline(120_000, () => client.sayHello('c', { deadlineMs: 4_000 }));
    // Generous bounds: the exact values depend on clocks and scheduling, the order of magnitude does not.
    expect(deadlines[0]! - started).toBeLessThanOrEqual(3_000 + 100);
    expect(deadlines[1]! - started).toBeGreaterThan(50_000);
    expect(deadlines[2]! - started).toBeLessThanOrEqual(4_000 + 100);
    expect(deadlines[2]! - started).toBeGreaterThan(3_000);
  });

  it('applies the deadline to a whole stream', async () => {
    const server = await stub({
      getStream: (call) => {
        call.write({ id: 1, name: 'name 1' });
      },
    });
    const client = clientFor(server.target);
    const received: unknown[] = [];
    const error = await (async () => {
      for await (const item of client.getStream(10, { deadlineMs: 200 })) received.push(item);
    })().catch((caught: unknown) => caught);
    expect(received).toHaveLength(1);
    expect(error).toBeInstanceOf(ApiTimeoutError);
  });

  it('fails fast with API_UNAVAILABLE (502) when nothing listens', async () => {
    const client = clientFor(`127.0.0.1:${await freePort()}`, { deadlineMs: 5_000 });
    const started = Date.now();
    await expect(client.getAll(1)).rejects.toBeInstanceOf(ApiUnavailableError);
    await expect(client.sayHello('x')).rejects.toMatchObject({ code: 'API_UNAVAILABLE', statusCode: 502 });
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(client.ready(100)).rejects.toBeInstanceOf(ApiUnavailableError);
  });

  it('maps INVALID_ARGUMENT with the server reason and its stable code', async () => {
    const server = await stub({
      getAll: (_call, callback) => {
        const trailers = new Metadata();
        trailers.set(ERROR_CODE_TRAILER, 'VALIDATION_FAILED');
        callback({ code: status.INVALID_ARGUMENT, details: 'length: at most 10', metadata: trailers });
      },
    });
    const error = await clientFor(server.target)
      .getAll(11)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiInvalidArgumentError);
    expect(error).toMatchObject({
      code: 'API_INVALID_ARGUMENT',
      statusCode: 400,
      message: 'length: at most 10',
      remoteCode: 'VALIDATION_FAILED',
    });
  });

  it('maps UNAUTHENTICATED on a stream to API_UNAUTHENTICATED', async () => {
    const server = await stub({
      getStream: (call) => call.emit('error', { code: status.UNAUTHENTICATED, details: 'no' }),
    });
    const stream = clientFor(server.target).getStream(3);
    await expect(stream.next()).rejects.toBeInstanceOf(ApiUnauthenticatedError);
  });
});

describe('ApiClient cancellation', () => {
  it('cancels the server-side stream when the consumer leaves the loop early', async () => {
    let serverCall: ServerWritableStream<ApiRequestOutput, Item> | undefined;
    let onCancelled = (): void => {};
    const cancelled = new Promise<void>((resolve) => (onCancelled = resolve));
    const server = await stub({
      getStream: (call) => {
        serverCall = call;
        call.on('cancelled', onCancelled);
        // An endless stream, written as fast as flow control allows.
        let id = 0;
        const pump = (): void => {
          while (!call.cancelled && call.write({ id: ++id, name: `name ${id}` }));
          if (!call.cancelled) call.once('drain', pump);
        };
        pump();
      },
    });
    const seen: number[] = [];
    for await (const item of clientFor(server.target).getStream(1_000_000)) {
      seen.push(item.id);
      if (item.id === 3) break;
    }
    await cancelled;
    expect(seen).toEqual([1, 2, 3]);
    expect(serverCall?.cancelled).toBe(true);
  });

  it('cancels a call when its AbortSignal aborts', async () => {
    const server = await stub({ getAll: () => {} });
    const controller = new AbortController();
    const pending = clientFor(server.target).getAll(5, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(ApiCancelledError);
    await expect(clientFor(server.target).sayHello('x', { signal: controller.signal })).rejects.toMatchObject(
      {
        code: 'API_CANCELLED',
      },
    );
  });
});
