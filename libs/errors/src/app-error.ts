export interface AppErrorOptions {
  /** HTTP status the error maps to; 500 when omitted. */
  statusCode?: number;
  /** Extra response headers, such as `Retry-After` or `WWW-Authenticate`. */
  headers?: Readonly<Record<string, string>>;
  /** Structured, safe-to-show details (field issues, limits). */
  details?: Readonly<Record<string, unknown>>;
  cause?: unknown;
}

/**
 * Base class of every error a service shows to a caller.
 * `code` is stable and safe to branch on; `message` is safe to show.
 */
export class AppError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const { statusCode = 500, headers = {}, details } = options;
    this.name = new.target.name;
    this.code = code;
    this.statusCode = statusCode;
    this.headers = headers;
    this.details = details;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
