import { Redis } from 'ioredis';
import type { Logger } from '@platform/logging';

export interface RedisClientOptions {
  url: string;
  logger: Logger;
  /** Bound on every command; a slow or lost Redis answers 503 instead of hanging requests. */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
}

/**
 * An ioredis client that fails fast while Redis is away (no offline queue, one retry),
 * reconnects in the background with capped backoff, and logs state changes once each
 * rather than every failed reconnect.
 */
export function createRedisClient(options: RedisClientOptions): Redis {
  const { url, logger, commandTimeoutMs = 1_000, connectTimeoutMs = 2_000 } = options;
  const log = logger.child({ module: 'redis' });
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    // Concurrent requests' scripts share one write to the socket.
    enableAutoPipelining: true,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    connectTimeout: connectTimeoutMs,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let up: boolean | undefined;
  redis.on('ready', () => {
    if (up !== true) log.info('Redis connected');
    up = true;
  });
  redis.on('error', (error: unknown) => {
    if (up !== false) {
      log.warn({ err: error }, 'Redis unavailable; retrying in the background');
      up = false;
    }
  });
  return redis;
}

/** Resolves once the client is ready, or rejects after the timeout. */
export async function redisReady(redis: Redis, timeoutMs = 5_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    function onReady(): void {
      clearTimeout(timer);
      resolve();
    }
    redis.once('ready', onReady);
  });
}
