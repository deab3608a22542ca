import { isIP } from 'node:net';
import type { RedisOptions } from 'ioredis';
import { reconnectDelay } from './reconnect-delay.js';
import type { RedisSettings } from './redis-settings.js';

/** Where the client connects, for logs: never the password. */
export interface RedisTarget {
  host: string;
  port: number;
  db: number;
  tls: boolean;
}

/** The connection the settings name, with the credentials (not for logs). */
export function redisTargetFrom(settings: RedisSettings): RedisTarget & {
  username?: string;
  password?: string;
} {
  const url = settings.REDIS_URL;
  const username = url?.username ?? settings.REDIS_USERNAME;
  const password = url?.password ?? settings.REDIS_PASSWORD;
  return {
    host: url?.host ?? settings.REDIS_HOST,
    port: url?.port ?? settings.REDIS_PORT,
    db: url?.db ?? settings.REDIS_DB ?? 0,
    tls: url?.tls ?? settings.REDIS_TLS,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
  };
}

/**
 * ioredis options under which nothing waits without bound and no command runs twice:
 * - no offline queue: a command while disconnected fails at once instead of waiting;
 * - maxRetriesPerRequest 0 and autoResendUnfulfilledCommands false: a command in flight when
 *   the connection drops fails; it is never sent again after the reconnect, because Redis may
 *   have applied it already (an INCR counted twice, a one-time code verified twice);
 * - bounds on connecting, on each command and on a silent socket; TCP keep-alive;
 * - capped, jittered reconnection back-off that never gives up.
 * Commands of concurrent requests share one write (auto-pipelining); each keeps its own timeout.
 */
export function redisOptionsFrom(settings: RedisSettings): RedisOptions {
  const { host, port, db, tls, username, password } = redisTargetFrom(settings);
  return {
    host,
    port,
    db,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    // SNI and certificate checks against the host name; an IP address is checked without SNI.
    ...(tls ? { tls: isIP(host) === 0 ? { servername: host } : {} } : {}),
    ...safeRedisOptions,
    connectTimeout: settings.REDIS_CONNECT_TIMEOUT_MS,
    commandTimeout: settings.REDIS_COMMAND_TIMEOUT_MS,
    socketTimeout: settings.REDIS_SOCKET_TIMEOUT_MS,
    retryStrategy: reconnectDelay({ maxMs: settings.REDIS_RECONNECT_MAX_DELAY_MS }),
  };
}

/** The options createRedisClient puts under any it is given (see redisOptionsFrom). */
export const safeRedisOptions = Object.freeze({
  connectTimeout: 2_000,
  commandTimeout: 1_000,
  socketTimeout: 5_000,
  keepAlive: 10_000,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  autoResendUnfulfilledCommands: false,
  enableAutoPipelining: true,
  lazyConnect: true,
} satisfies RedisOptions);
