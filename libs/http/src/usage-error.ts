import { AppError } from '@platform/errors';

/**
 * A command line that cannot be run (unknown option, missing argument). Thrown from a job's
 * run(), runJob prints its message to stderr and exits 2, the usual status for bad usage.
 */
export class UsageError extends AppError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('USAGE', message, { statusCode: 400, cause: options.cause });
  }
}
