import { setTimeout as sleep } from 'node:timers/promises';
import { status } from '@grpc/grpc-js';
import {
  ApiInvalidArgumentError,
  ApiTimeoutError,
  ApiUnauthenticatedError,
  type ItemOutput,
} from '@platform/api-client';
import { afterEach, describe, expect, it } from 'vitest';
import { countingSource, slowSource } from './support/counting-source.js';
import { startGrpc, type StartedGrpc } from './support/start-grpc.js';

const started: StartedGrpc[] = [];
afterEach(() => {
  for (const server of started.splice(0)) server.stop();
});

async function server(options: Parameters<typeof startGrpc>[0] = {}): Promise<StartedGrpc> {
  const running = await startGrpc(options);
  started.push(running);
  return running;
}

async function collect(stream: AsyncIterable<ItemOutput>): Promise<ItemOutput[]> {
  const items: ItemOutput[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

/** The value once it stops changing for 250 ms (bounded at 10 s). */
async function settled(read: () => number): Promise<number> {
  const deadline = Date.now() + 10_000;
  let previous = read();
  for (;;) {
    await sleep(250);
    const current = read();
    if (current === previous || Date.now() > deadline) return current;
    previous = current;
  }
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a failure'),
    (error: unknown) => error,
  );
}

describe('the Api rpcs', () => {
  it('answer as the original: a greeting, items 1..length at once and one by one', async () => {
    const client = (await server()).client();
    expect(await client.sayHello('Gonzalo')).toBe('Hello Gonzalo!');
    expect(await client.getAll(3)).toEqual([
      { id: 1, name: 'name 1' },
      { id: 2, name: 'name 2' },
      { id: 3, name: 'name 3' },
    ]);
    expect(await collect(client.getStream(5))).toEqual(await client.getAll(5));
    expect(await client.getAll(0)).toEqual([]);
    expect(await collect(client.getStream(0))).toEqual([]);
    expect(await client.getAll(1_000)).toHaveLength(1_000);
  });

  it('refuse a negative length or one above the maximum with INVALID_ARGUMENT', async () => {
    const client = (await server({ maxLength: 1_000 })).client();
    for (const call of [client.getAll(-1), client.getAll(1_001), collect(client.getStream(-5))]) {
      const error = await failure(call);
      expect(error).toBeInstanceOf(ApiInvalidArgumentError);
      expect(error).toMatchObject({
        grpcCode: status.INVALID_ARGUMENT,
        remoteCode: 'VALIDATION_FAILED',
        message: 'length must be an integer from 0 to 1000',
      });
    }
    await expect(client.sayHello('x'.repeat(65))).rejects.toMatchObject({
      code: 'API_INVALID_ARGUMENT',
      message: 'name must be at most 64 characters',
    });
  });
});

describe('bearer authentication', () => {
  it('refuses a wrong or missing token with UNAUTHENTICATED before any handler runs', async () => {
    const items = countingSource();
    const running = await server({ items });
    for (const client of [running.client({ token: 'wrong-token' }), running.client({ token: undefined })]) {
      const error = await failure(client.sayHello('x'));
      expect(error).toBeInstanceOf(ApiUnauthenticatedError);
      expect(error).toMatchObject({ grpcCode: status.UNAUTHENTICATED, remoteCode: 'UNAUTHORIZED' });
      await expect(collect(client.getStream(10))).rejects.toBeInstanceOf(ApiUnauthenticatedError);
    }
    expect(items.pulled()).toBe(0);
  });

  it('names the caller of the token on the call line, never the token', async () => {
    const running = await server({ tokens: [{ name: 'grpc-frontend', token: 'named-token-0123456789' }] });
    expect(await running.client({ token: 'named-token-0123456789' }).sayHello('x')).toBe('Hello x!');
    await expect(running.client({ token: 'wrong-token-0123456789' }).sayHello('y')).rejects.toBeInstanceOf(
      ApiUnauthenticatedError,
    );
    const lines = running.entries().filter((entry) => entry['rpc.method'] === '/api.Api/sayHello');
    expect(lines.map((entry) => [entry['rpc.grpc.status_code'], entry['caller']])).toEqual([
      [status.OK, 'grpc-frontend'],
      [status.UNAUTHENTICATED, undefined],
    ]);
    expect(running.text()).not.toContain('named-token-0123456789');
  });

  it('serves every call when started without tokens (ALLOW_ANONYMOUS)', async () => {
    const client = (await server({ tokens: undefined })).client({ token: undefined });
    expect(await client.sayHello('anyone')).toBe('Hello anyone!');
  });
});

describe('deadlines', () => {
  it('end a slow unary call with DEADLINE_EXCEEDED on both sides', async () => {
    const running = await server({ items: slowSource(1_000) });
    const started = Date.now();
    const error = await failure(running.client({ deadlineMs: 150 }).getAll(3));
    expect(error).toBeInstanceOf(ApiTimeoutError);
    expect(Date.now() - started).toBeLessThan(900);
    await expect
      .poll(() => running.find((line) => line['rpc.method'] === '/api.Api/getAll'))
      .toMatchObject({
        'rpc.grpc.status_code': status.DEADLINE_EXCEEDED,
      });
  });

  it('end a stream whose reader is too slow, and the server lets go of its source', async () => {
    const items = countingSource();
    const running = await server({ items, maxLength: 100_000 });
    const received: ItemOutput[] = [];
    const error = await failure(
      (async () => {
        for await (const item of running.client({ deadlineMs: 200 }).getStream(100_000)) {
          received.push(item);
          await sleep(50);
        }
      })(),
    );
    expect(error).toBeInstanceOf(ApiTimeoutError);
    expect(received.length).toBeGreaterThan(0);
    await items.closed;
    expect(items.pulled()).toBeLessThan(100_000);
  });
});

describe('cancellation and flow control', () => {
  it('stops producing when the client cancels mid-stream', async () => {
    const items = countingSource();
    const client = (await server({ items, maxLength: 100_000 })).client();
    const seen: number[] = [];
    for await (const item of client.getStream(100_000)) {
      seen.push(item.id);
      if (seen.length === 5) break;
    }
    await items.closed;
    const pulledAtClose = items.pulled();
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(pulledAtClose).toBeLessThan(100_000);
    await sleep(100);
    expect(items.pulled()).toBe(pulledAtClose);
  });

  it('stops producing while the client stops reading, and resumes when it reads again', async () => {
    const items = countingSource();
    const client = (await server({ items, maxLength: 100_000 })).client({ deadlineMs: 20_000 });
    const stream = client.getStream(100_000);
    const first = await stream.next();
    expect(first.value).toEqual({ id: 1, name: 'name 1' });

    // The server fills the flow-control window, then waits for 'drain' instead of buffering.
    const stalledAt = await settled(items.pulled);
    expect(stalledAt).toBeGreaterThan(1);
    expect(stalledAt).toBeLessThan(20_000);

    let count = 1;
    let last = first.value as ItemOutput;
    for await (const item of stream) {
      count += 1;
      last = item;
    }
    expect(count).toBe(100_000);
    expect(last).toEqual({ id: 100_000, name: 'name 100000' });
  });
});
