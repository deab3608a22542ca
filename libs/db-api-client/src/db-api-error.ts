import { AppError } from '@platform/errors';

/** The error envelope db-api answers with: `{"error": {code, message, requestId, ...details}}`. */
export interface DbApiErrorBody {
  code: string;
  message: string;
  requestId?: string;
  /** POST /batch: the item that failed. */
  index?: number;
  [detail: string]: unknown;
}

export interface DbApiErrorOptions {
  /** The HTTP status db-api answered with (0 when there was no answer). */
  status: number;
  details?: Readonly<Record<string, unknown>>;
  requestId?: string | undefined;
  cause?: unknown;
}

function gatewayStatus(code: string, status: number): number {
  if (code === 'DB_API_TIMEOUT' || code === 'STATEMENT_TIMEOUT' || status === 504) return 504;
  if (status >= 400 && status < 500 && status !== 401 && status !== 403) return status;
  return 502;
}

/**
 * A failed db-api call. `code` is db-api's own code (`VALIDATION_FAILED`, `UNIQUE_VIOLATION`,
 * `BATCH_UNKNOWN_ACTION`…) or the client's (`DB_API_UNREACHABLE`, `DB_API_TIMEOUT`,
 * `DB_API_BAD_RESPONSE`); `details` holds the envelope's other fields (`issues`, `index`,
 * `sqlState`…). `status` is db-api's own HTTP status; `statusCode`, what a service that lets the
 * error through should answer: db-api's 4xx about the data (400, 404, 409, 413…) as they are, 504
 * for timeouts, 502 for the rest (db-api down or failing, our token refused).
 */
export class DbApiError extends AppError {
  /** db-api's HTTP status; 0 when it did not answer. */
  readonly status: number;
  readonly requestId: string | undefined;
  /** POST /batch: the index of the item that failed. */
  readonly index: number | undefined;

  constructor(code: string, message: string, options: DbApiErrorOptions) {
    const { status, details, requestId, cause } = options;
    super(code, message, {
      statusCode: gatewayStatus(code, status),
      ...(details ? { details } : {}),
      ...(cause === undefined ? {} : { cause }),
    });
    this.status = status;
    this.requestId = requestId;
    this.index = typeof details?.['index'] === 'number' ? details['index'] : undefined;
  }

  /** The error of an answer in db-api's envelope. */
  static fromEnvelope(status: number, body: DbApiErrorBody): DbApiError {
    const { code, message, requestId, ...details } = body;
    return new DbApiError(code, message, { status, details, requestId });
  }
}

export function isDbApiError(value: unknown): value is DbApiError {
  return value instanceof DbApiError;
}
