// Against the real Redis on 127.0.0.1:6379 (TEST_REDIS_URL to change it), under a key prefix of this file's own.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@platform/logging';
import {
  closeRedis,
  createRedisClient,
  isTransientRedisError,
  redisReplyCode,
  RedisUrlError,
  waitUntilReady,
  type Redis,
} from '../src/index.js';

const redisUrl = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const prefix = `redis-lib:test:${randomBytes(4).toString('hex')}:`;
const clients: Redis[] = [];

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
  return {
    logger: createLogger({ app: 'redis-test', environment: 'test', level: 'debug' }, { destination }),
    lines,
  };
}

function client(url = redisUrl): { redis: Redis; lines: Record<string, unknown>[] } {
  const { logger, lines } = capturedLogger();
  const redis = createRedisClient({ url, logger });
  clients.push(redis);
  return { redis, lines };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((redis) => closeRedis(redis, 500)));
});
afterAll(async () => {
  const { redis } = client();
  await waitUntilReady(redis, 2_000);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await closeRedis(redis);
});

describe('createRedisClient', () => {
  it('connects by itself, runs commands, and logs the connection on a redis child without the password', async () => {
    const { redis, lines } = client();
    expect(await waitUntilReady(redis, 2_000)).toBe(true);
    expect(await redis.incr(`${prefix}hits`)).toBe(1);
    expect(await redis.incr(`${prefix}hits`)).toBe(2);
    expect(lines).toContainEqual(expect.objectContaining({ module: 'redis', message: 'Redis connected' }));
  });

  it('selects the database the URL names', async () => {
    const { redis } = client(`${redisUrl.replace(/\/\d*$/, '')}/3`);
    expect(await waitUntilReady(redis, 2_000)).toBe(true);
    expect(redis.options.db).toBe(3);
    const clientInfo = (await redis.client('INFO')) as string;
    expect(clientInfo).toMatch(/\bdb=3\b/);
  });

  it('refuses a bad URL with REDIS_URL_INVALID, without quoting it', () => {
    const { logger } = capturedLogger();
    let caught: unknown;
    try {
      createRedisClient({ url: 'http://user:hunter2@cache:6379', logger });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RedisUrlError);
    expect((caught as RedisUrlError).code).toBe('REDIS_URL_INVALID');
    expect((caught as Error).message).not.toContain('hunter2');
  });

  it('fails a command at once while Redis cannot be reached, with a transient error, logging the outage once', async () => {
    const { redis, lines } = client(`redis://127.0.0.1:${await closedPort()}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    const error = await redis.get(`${prefix}anything`).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(performance.now() - started).toBeLessThan(100);
    expect(isTransientRedisError(error)).toBe(true);
    const warnings = lines.filter((line) => String(line['message']).startsWith('Redis unavailable'));
    expect(warnings).toHaveLength(1);
  });

  it('never sends a command again after a reconnect: one in flight when the connection drops fails', async () => {
    const { redis } = client();
    const { redis: other } = client();
    expect(await waitUntilReady(redis, 2_000)).toBe(true);
    expect(await waitUntilReady(other, 2_000)).toBe(true);
    redis.options.commandTimeout = 5_000;
    const list = `${prefix}queue`;
    const id = await redis.client('ID');
    const popping = redis.blpop(list, 3).then(
      () => 'answered',
      (failure: unknown) => failure,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await other.client('KILL', 'ID', String(id));
    const outcome = await popping;
    expect(outcome).toBeInstanceOf(Error);
    expect(isTransientRedisError(outcome)).toBe(true);

    expect(await waitUntilReady(redis, 3_000)).toBe(true);
    await other.rpush(list, 'job');
    await new Promise((resolve) => setTimeout(resolve, 200));
    // A resent BLPOP would have taken the element.
    expect(await other.llen(list)).toBe(1);
  });

  it('keeps a new connection when the one before it closed with a command in flight', async () => {
    const { logger } = capturedLogger();
    const redis = createRedisClient({ url: redisUrl, options: { socketTimeout: 600 }, logger });
    clients.push(redis);
    const { redis: other } = client();
    expect(await waitUntilReady(redis, 2_000)).toBe(true);
    expect(await waitUntilReady(other, 2_000)).toBe(true);
    redis.options.commandTimeout = 5_000;
    const id = await redis.client('ID');
    // In flight with no answer yet: the socket timeout is armed for this connection.
    const popping = redis.blpop(`${prefix}never`, 3).catch((failure: unknown) => failure);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await other.client('KILL', 'ID', String(id));
    expect(isTransientRedisError(await popping)).toBe(true);

    expect(await waitUntilReady(redis, 3_000)).toBe(true);
    const replacement = redis.stream;
    expect(await redis.ping()).toBe('PONG');
    // Past the old connection's deadline, the new one is still the one in use.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(redis.stream).toBe(replacement);
    expect(replacement.destroyed).toBe(false);
    expect(await redis.ping()).toBe('PONG');
  });

  it('classifies a refusal from Redis as permanent', async () => {
    const { redis } = client();
    await waitUntilReady(redis, 2_000);
    await redis.set(`${prefix}text`, 'not a list');
    const error = await redis.lpush(`${prefix}text`, 'x').catch((failure: unknown) => failure);
    expect(redisReplyCode(error)).toBe('WRONGTYPE');
    expect(isTransientRedisError(error)).toBe(false);
    const noScript = await redis.evalsha('0'.repeat(40), 0).catch((failure: unknown) => failure);
    expect(redisReplyCode(noScript)).toBe('NOSCRIPT');
    expect(isTransientRedisError(noScript)).toBe(false);
  });

  it('times a slow command out with a transient error', async () => {
    const { redis } = client();
    await waitUntilReady(redis, 2_000);
    redis.options.commandTimeout = 100;
    const started = performance.now();
    const error = await redis.blpop(`${prefix}empty`, 2).catch((failure: unknown) => failure);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(isTransientRedisError(error)).toBe(true);
  });
});

describe('waitUntilReady', () => {
  it('resolves false once the bound passes against a closed port', async () => {
    const { redis } = client(`redis://127.0.0.1:${await closedPort()}`);
    const started = performance.now();
    expect(await waitUntilReady(redis, 300)).toBe(false);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_000);
  });

  it('resolves false at once for a closed client', async () => {
    const { redis } = client();
    await waitUntilReady(redis, 2_000);
    await closeRedis(redis);
    expect(await waitUntilReady(redis, 5_000)).toBe(false);
  });
});

describe('closeRedis', () => {
  it('quits a connected client, which then stays closed', async () => {
    const { redis, lines } = client();
    await waitUntilReady(redis, 2_000);
    await closeRedis(redis);
    expect(redis.status).toBe('end');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(redis.status).toBe('end');
    expect(lines).toContainEqual(expect.objectContaining({ message: 'Redis connection closed' }));
  });

  it('stops a client that is still trying to connect: it makes no further attempt', async () => {
    const { logger } = capturedLogger();
    const redis = createRedisClient({
      options: { port: await closedPort(), retryStrategy: () => 20 },
      logger,
    });
    clients.push(redis);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await closeRedis(redis, 2_000);
    expect(performance.now() - started).toBeLessThan(200);
    let attempts = 0;
    redis.on('connecting', () => (attempts += 1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(attempts).toBe(0);
    expect(['end', 'reconnecting']).toContain(redis.status);
  });
});
