import { ReplyError } from 'ioredis';
import { isAppError } from '@platform/errors';

/** Redis reply codes (the first word of an error reply) of conditions that pass by themselves. */
export const transientReplyCodes: ReadonlySet<string> = new Set([
  'BUSY',
  'CLUSTERDOWN',
  'LOADING',
  'MASTERDOWN',
  'NOREPLICAS',
  'OOM',
  'READONLY',
  'TRYAGAIN',
]);

/** The code of an error reply from Redis ('WRONGTYPE', 'LOADING', 'ERR'…); undefined for any other failure. */
export function redisReplyCode(error: unknown): string | undefined {
  if (!(error instanceof ReplyError)) return undefined;
  return /^[A-Z]+/.exec((error as Error).message)?.[0] ?? 'ERR';
}

const PROGRAMMING_ERRORS = [TypeError, RangeError, SyntaxError, ReferenceError];

/**
 * True when a failed Redis call may succeed if tried again later (answer 503, retry the job):
 * the client could not reach Redis, the connection dropped, the command timed out, or Redis
 * answered with a passing condition (LOADING, BUSY, READONLY…). False for a permanent refusal
 * (WRONGTYPE, NOSCRIPT, NOPERM, WRONGPASS, ERR…), an AppError, or a programming error.
 * Whether to retry a command that changes state stays the caller's call: a dropped connection
 * may have lost the reply of a command Redis applied.
 */
export function isTransientRedisError(error: unknown): boolean {
  const code = redisReplyCode(error);
  if (code !== undefined) return transientReplyCodes.has(code);
  if (isAppError(error)) return false;
  if (PROGRAMMING_ERRORS.some((type) => error instanceof type)) return false;
  // What is left comes from the client or the socket: refused, reset, timed out, closed, no offline queue.
  return error instanceof Error;
}
