import { AppError } from '@platform/errors';

/** 406 NOT_ACCEPTABLE: the Accept header allows none of the representations offered. */
export class NotAcceptableError extends AppError {
  constructor(available: readonly string[]) {
    super('NOT_ACCEPTABLE', `Accept one of ${available.join(', ')}`, {
      statusCode: 406,
      details: { available },
    });
  }
}
