import { setTimeout as sleep } from 'node:timers/promises';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '@platform/logging';

export interface RedisClientOptions {
  options: RedisOptions;
  logger: Logger;
}

/**
 * An ioredis client that logs its state changes (one warning per outage, not
 * one per reconnection attempt) and starts connecting at once.
 */
export function createRedisClient({ options, logger }: RedisClientOptions): Redis {
  const redis = new Redis({ ...options, lazyConnect: true });
  const target = { 'redis.host': options.host, 'redis.port': options.port, 'redis.db': options.db ?? 0 };
  let everReady = false;
  let outage = false;

  redis.on('ready', () => {
    if (outage) logger.info(target, 'Redis is back');
    else logger.info(target, everReady ? 'Redis reconnected' : 'Redis connected');
    everReady = true;
    outage = false;
  });
  redis.on('error', (error: unknown) => {
    // ioredis emits an error per failed attempt; the first of an outage is the news.
    if (outage) {
      logger.debug({ ...target, err: error }, 'Redis still unavailable');
      return;
    }
    outage = true;
    logger.warn({ ...target, err: error }, 'Redis unavailable; requests answer 503 until it is back');
  });
  redis.on('end', () => logger.info(target, 'Redis connection closed'));

  // Failures are reported through 'error' and retried by the retry strategy.
  redis.connect().catch(() => undefined);
  return redis;
}

/** Resolves true once the client is ready, false when `timeoutMs` passes first; never throws. */
export function waitUntilReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean): void => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ready);
    };
    const onReady = (): void => done(true);
    const timer = setTimeout(done, timeoutMs, false);
    redis.on('ready', onReady);
  });
}

/**
 * Quits cleanly (pending replies first, then QUIT, then the socket closes) when
 * connected, within `timeoutMs`; otherwise, or past the bound, drops the connection.
 */
export async function closeRedis(redis: Redis, timeoutMs = 2_000): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  const abort = new AbortController();
  const ended = new Promise<void>((resolve) => redis.once('end', resolve));
  try {
    await Promise.race([
      redis.quit().then(() => ended),
      sleep(timeoutMs, undefined, { signal: abort.signal, ref: false }),
    ]);
  } catch {
    // Falls through to disconnect below.
  } finally {
    abort.abort();
    // Status changed while awaiting; read it afresh.
    if ((redis.status as string) !== 'end') redis.disconnect();
  }
}
