import { AppError } from '@platform/errors';

/** REDIS_URL_INVALID: a Redis URL that cannot be used; the message never quotes the URL (it may hold a password). */
export class RedisUrlError extends AppError {
  constructor(problem: string) {
    super('REDIS_URL_INVALID', `The Redis URL ${problem}`, { statusCode: 500 });
  }
}
