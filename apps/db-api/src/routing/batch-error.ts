import { AppError, type AppErrorOptions } from '@platform/errors';

/** The codes of a batch refused before any statement ran (all 400). */
export type BatchErrorCode =
  | 'BATCH_NOT_ARRAY'
  | 'BATCH_EMPTY'
  | 'BATCH_TOO_LONG'
  | 'BATCH_ITEM_INVALID'
  | 'BATCH_UNKNOWN_ACTION'
  | 'BATCH_NESTED'
  | 'BATCH_MIXED_DATABASES';

/** A batch request that cannot run as sent: 400 with a stable code and, for an item, its `index`. */
export class BatchRequestError extends AppError {
  constructor(
    code: BatchErrorCode,
    message: string,
    details: Readonly<Record<string, unknown>>,
    options: Omit<AppErrorOptions, 'statusCode' | 'details'> = {},
  ) {
    super(code, message, { ...options, statusCode: 400, details });
  }
}

/**
 * An item's own error (its validation or its execution) with the item's `index` added to the
 * envelope: same code, status, headers and details as the action alone would answer.
 */
export function atIndex(error: AppError, index: number): AppError {
  return new AppError(error.code, error.message, {
    statusCode: error.statusCode,
    headers: error.headers,
    details: { ...error.details, index },
    cause: error,
  });
}
