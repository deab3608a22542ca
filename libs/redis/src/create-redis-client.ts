import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '@platform/logging';
import { countCommands } from './command-metrics.js';
import { reconnectDelay } from './reconnect-delay.js';
import { redisOptionsFrom, safeRedisOptions } from './redis-options.js';
import { defaultRedisSettings } from './redis-settings.js';
import { RedisUrlError } from './redis-url-error.js';
import { parseRedisUrl } from './redis-url.js';

export interface RedisClientOptions {
  logger: Logger;
  /** `redis[s]://[[user]:password@]host[:port][/db]`, with the default bounds of redisSettingsShape. */
  url?: string;
  /** ioredis options, usually redisOptionsFrom(settings); laid over safeRedisOptions and the url's. */
  options?: RedisOptions;
}

function optionsFromUrl(url: string): RedisOptions {
  const parsed = parseRedisUrl(url);
  if (!parsed.ok) throw new RedisUrlError(parsed.problem);
  return redisOptionsFrom({ ...defaultRedisSettings, REDIS_URL: parsed.value });
}

/**
 * ioredis 5 arms its socket timeout per client, not per connection, and clears it only when data
 * arrives: after a connection closes with a command in flight, the old timer later destroys the
 * current connection, a healthy new one, failing whatever it carries (fixed upstream in ioredis 6).
 */
function clearStaleSocketTimeout(redis: Redis): void {
  const internals = redis as unknown as { socketTimeoutTimer?: ReturnType<typeof setTimeout> | undefined };
  clearTimeout(internals.socketTimeoutTimer);
  internals.socketTimeoutTimer = undefined;
}

/**
 * An ioredis client under the platform's bounds (see redisOptionsFrom) that starts connecting
 * at once, reconnects by itself forever, and logs its state changes on a `module: redis` child:
 * one warning per outage rather than one per attempt; its commands are counted in
 * redis_commands_total. Give a `url`, `options`, or both (the
 * options then adjust the url's). A bad `url` throws REDIS_URL_INVALID.
 */
export function createRedisClient(clientOptions: RedisClientOptions): Redis {
  const options: RedisOptions = {
    retryStrategy: reconnectDelay(),
    ...safeRedisOptions,
    ...(clientOptions.url === undefined ? {} : optionsFromUrl(clientOptions.url)),
    ...clientOptions.options,
    lazyConnect: true,
  };
  const logger = clientOptions.logger.child({ module: 'redis' });
  const redis = new Redis(options);
  countCommands(redis);
  const target = {
    'redis.host': options.host ?? '127.0.0.1',
    'redis.port': options.port ?? 6379,
    'redis.db': options.db ?? 0,
  };
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
    logger.warn({ ...target, err: error }, 'Redis unavailable; commands fail until it is back');
  });
  redis.on('end', () => logger.info(target, 'Redis connection closed'));
  redis.on('close', () => clearStaleSocketTimeout(redis));

  // Failures are reported through 'error' and retried by the retry strategy.
  redis.connect().catch(() => undefined);
  return redis;
}
