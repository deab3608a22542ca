import { AppError, type AppErrorOptions } from '@platform/errors';

export interface DatabaseErrorOptions extends Omit<AppErrorOptions, 'details'> {
  /** The PostgreSQL SQLSTATE, when the server answered with one. */
  sqlState?: string | undefined;
  /** Safe, structured facts shown to the caller (constraint, column). */
  details?: Readonly<Record<string, unknown>>;
  /** A serialization failure or deadlock: running the whole transaction again may succeed. */
  retryable?: boolean;
  /** The connection is unusable (network, server restart): discard it. */
  connectionLost?: boolean;
}

/**
 * An error from PostgreSQL or from reaching it, with a stable `code`, an HTTP
 * status and a message that is safe to show: never the SQL, its values or a stack.
 * The driver's error stays as `cause`, for logs.
 */
export class DatabaseError extends AppError {
  readonly sqlState: string | undefined;
  readonly retryable: boolean;
  readonly connectionLost: boolean;

  constructor(code: string, message: string, options: DatabaseErrorOptions = {}) {
    const { sqlState, retryable = false, connectionLost = false, details, ...rest } = options;
    const merged = sqlState === undefined ? details : { sqlState, ...details };
    super(code, message, merged === undefined ? rest : { ...rest, details: merged });
    this.sqlState = sqlState;
    this.retryable = retryable;
    this.connectionLost = connectionLost;
  }
}

/** A statement the helpers refuse to build (an empty where on delete or update, a bad identifier). */
export class UnsafeStatementError extends AppError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('UNSAFE_STATEMENT', message, { statusCode: 500, ...options });
  }
}

export function isDatabaseError(value: unknown): value is DatabaseError {
  return value instanceof DatabaseError;
}
