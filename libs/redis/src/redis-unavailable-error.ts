import { AppError } from '@platform/errors';

/** REDIS_UNAVAILABLE (503): Redis could not be reached in time; trying again later may work. */
export class RedisUnavailableError extends AppError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('REDIS_UNAVAILABLE', message, {
      statusCode: 503,
      headers: { 'Retry-After': '1' },
      cause: options.cause,
    });
  }
}
