import { isIP } from 'node:net';
import type { RedisOptions } from 'ioredis';
import type { CounterSettings } from './counter-settings.js';
import { reconnectDelay } from './reconnect-delay.js';

type RedisSettings = Pick<
  CounterSettings,
  | 'REDIS_URL'
  | 'REDIS_HOST'
  | 'REDIS_PORT'
  | 'REDIS_USERNAME'
  | 'REDIS_PASSWORD'
  | 'REDIS_DB'
  | 'REDIS_TLS'
  | 'REDIS_CONNECT_TIMEOUT_MS'
  | 'REDIS_COMMAND_TIMEOUT_MS'
  | 'REDIS_SOCKET_TIMEOUT_MS'
  | 'REDIS_RECONNECT_MAX_DELAY_MS'
>;

/** Where the client connects, for logs: never the password. */
export interface RedisTarget {
  host: string;
  port: number;
  db: number;
  tls: boolean;
}

/**
 * The connection named by REDIS_URL, or REDIS_HOST/REDIS_PORT/REDIS_TLS;
 * REDIS_USERNAME, REDIS_PASSWORD and REDIS_DB fill what the URL leaves out.
 */
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
 * ioredis options under which no request can hang: no offline queue (a command
 * while disconnected fails at once), no retry of an INCR that may have been
 * applied, a bound on connecting, on each command and on a silent socket, and
 * capped reconnection back-off that never gives up.
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
    connectTimeout: settings.REDIS_CONNECT_TIMEOUT_MS,
    commandTimeout: settings.REDIS_COMMAND_TIMEOUT_MS,
    socketTimeout: settings.REDIS_SOCKET_TIMEOUT_MS,
    keepAlive: 10_000,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: reconnectDelay({ maxMs: settings.REDIS_RECONNECT_MAX_DELAY_MS }),
    // INCRs of requests that arrive together leave in one write; each keeps its own timeout.
    enableAutoPipelining: true,
    lazyConnect: true,
  };
}
