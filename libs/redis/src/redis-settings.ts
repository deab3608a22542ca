import { envBoolean, z } from '@platform/settings';
import { parseRedisUrl } from './redis-url.js';

const milliseconds = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** REDIS_URL parsed at start-up, so a bad one is listed with every other bad setting, without its password. */
const redisUrl = z.string().transform((text, context) => {
  const result = parseRedisUrl(text);
  if (result.ok) return result.value;
  context.addIssue({ code: 'custom', message: result.problem });
  return z.NEVER;
});

/**
 * The Redis settings every app that uses Redis adds to its own shape. REDIS_URL
 * (`redis[s]://[[user]:password@]host[:port][/db]`) wins; REDIS_HOST/REDIS_PORT/REDIS_TLS are
 * used without it, and REDIS_USERNAME, REDIS_PASSWORD and REDIS_DB fill what the URL leaves out
 * (a password from a secret, say).
 */
export const redisSettingsShape = {
  REDIS_URL: redisUrl.optional(),
  REDIS_HOST: z.string().min(1).default('127.0.0.1'),
  REDIS_PORT: z.coerce.number().int().min(1).max(65_535).default(6379),
  REDIS_USERNAME: z.string().min(1).optional(),
  REDIS_PASSWORD: z.string().min(1).optional(),
  REDIS_DB: z.coerce.number().int().min(0).max(65_535).optional(),
  /** TLS with REDIS_HOST/REDIS_PORT; a rediss:// URL turns it on by itself. */
  REDIS_TLS: envBoolean.default(false),
  /** Bound on one connection attempt (TCP, TLS and the ready check). */
  REDIS_CONNECT_TIMEOUT_MS: milliseconds(100, 60_000, 2_000),
  /** Bound on one command; past it the command fails (a request answers 503). */
  REDIS_COMMAND_TIMEOUT_MS: milliseconds(10, 60_000, 1_000),
  /** A connection that stays silent this long while a command waits is dropped and reopened. */
  REDIS_SOCKET_TIMEOUT_MS: milliseconds(100, 300_000, 5_000),
  /** Cap of the exponential back-off between reconnection attempts. */
  REDIS_RECONNECT_MAX_DELAY_MS: milliseconds(10, 60_000, 2_000),
} as const;

/** The parsed Redis settings (a slice of an app's settings). */
export type RedisSettings = Readonly<z.infer<z.ZodObject<typeof redisSettingsShape>>>;

/** The settings with every default and no URL: 127.0.0.1:6379, database 0. */
export const defaultRedisSettings: RedisSettings = Object.freeze(z.object(redisSettingsShape).parse({}));
