import { AppError, ServiceUnavailableError } from '@platform/errors';
import { isTransientRedisError, redisReplyCode } from '@platform/redis';

/** Why an increment could not be made; shown as `reason` in the 503 envelope. */
export type UnavailableReason = 'redis_unreachable' | 'redis_timeout' | 'redis_busy';

/** 503 SERVICE_UNAVAILABLE: Redis is down, slow or not taking writes; retrying later may work. */
export class CounterUnavailableError extends ServiceUnavailableError {
  readonly reason: UnavailableReason;

  constructor(reason: UnavailableReason, message: string, cause?: unknown) {
    super(message, 1, { cause, details: { reason } });
    this.reason = reason;
  }
}

/** 500 COUNTER_REJECTED: Redis refused the INCR for good (the key holds a non-integer, ACLs…). */
export class CounterRejectedError extends AppError {
  constructor(redisCode: string, cause?: unknown) {
    super('COUNTER_REJECTED', `Redis refused to increment the counter (${redisCode})`, {
      statusCode: 500,
      details: { redisCode },
      cause,
    });
  }
}

export interface FailureContext {
  /** How long the command had been waiting when it failed. */
  elapsedMs: number;
  /** The client's command timeout, if any. */
  commandTimeoutMs: number | undefined;
}

/**
 * A failed INCR as a catalogue error. A reply error is classified by its Redis
 * code; any other failure comes from the client: a timeout when the command
 * waited its whole timeout, otherwise no usable connection.
 */
export function toCounterError(error: unknown, context: FailureContext): AppError {
  if (error instanceof AppError) return error;
  const redisCode = redisReplyCode(error);
  if (redisCode !== undefined) {
    if (isTransientRedisError(error)) {
      return new CounterUnavailableError(
        'redis_busy',
        `Redis cannot take the increment right now (${redisCode}); try again shortly`,
        error,
      );
    }
    return new CounterRejectedError(redisCode, error);
  }
  const { elapsedMs, commandTimeoutMs } = context;
  // Timers may fire a fraction of a millisecond early.
  if (commandTimeoutMs !== undefined && elapsedMs >= commandTimeoutMs - 1) {
    return new CounterUnavailableError(
      'redis_timeout',
      `Redis did not answer within ${commandTimeoutMs} ms; try again shortly`,
      error,
    );
  }
  return new CounterUnavailableError(
    'redis_unreachable',
    'The hit counter cannot reach Redis; try again shortly',
    error,
  );
}
