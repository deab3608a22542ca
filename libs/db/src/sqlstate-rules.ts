/** How one SQLSTATE (or class) becomes an HTTP-facing error. */
export interface SqlStateRule {
  code: string;
  status: number;
  message: string;
  retryAfterSeconds?: number;
  retryable?: boolean;
  connectionLost?: boolean;
  /** Show PostgreSQL's own message: only for text written for callers (RAISE EXCEPTION). */
  showServerMessage?: boolean;
}

const unavailable: SqlStateRule = {
  code: 'DATABASE_UNAVAILABLE',
  status: 503,
  message: 'The database is unavailable',
  retryAfterSeconds: 1,
  connectionLost: true,
};

/**
 * Exact SQLSTATEs first, then two-character classes, after PostgREST's table
 * (docs.postgrest.org, "HTTP Status Codes"), adapted where this API differs:
 * the SQL is the server's own, so a missing table or function is a server fault
 * (500, not 404), and transient conditions answer 503 with Retry-After.
 */
export const exactRules: Readonly<Record<string, SqlStateRule>> = {
  '23505': {
    code: 'UNIQUE_VIOLATION',
    status: 409,
    message: 'A row with the same unique value already exists',
  },
  '23503': {
    code: 'FOREIGN_KEY_VIOLATION',
    status: 409,
    message: 'A referenced row is missing or still referenced',
  },
  '23P01': { code: 'EXCLUSION_VIOLATION', status: 409, message: 'The row conflicts with an existing row' },
  '23502': { code: 'NOT_NULL_VIOLATION', status: 400, message: 'A required value is missing' },
  '23514': { code: 'CHECK_VIOLATION', status: 400, message: 'A value is outside what the database accepts' },
  '25006': { code: 'READ_ONLY_TRANSACTION', status: 500, message: 'A read-only operation tried to write' },
  '25P02': {
    code: 'TRANSACTION_ABORTED',
    status: 500,
    message: 'A statement in the transaction failed, so the transaction was rolled back',
  },
  '40001': {
    code: 'TRANSACTION_CONFLICT',
    status: 503,
    message: 'The transaction conflicted with a concurrent one; retry',
    retryAfterSeconds: 1,
    retryable: true,
  },
  '40P01': {
    code: 'TRANSACTION_CONFLICT',
    status: 503,
    message: 'The transaction deadlocked with a concurrent one; retry',
    retryAfterSeconds: 1,
    retryable: true,
  },
  '55P03': {
    code: 'LOCK_NOT_AVAILABLE',
    status: 503,
    message: 'A row or table is locked by another operation; retry',
    retryAfterSeconds: 1,
  },
  '57014': { code: 'STATEMENT_TIMEOUT', status: 504, message: 'The database statement timed out' },
  '57P01': unavailable,
  '57P02': unavailable,
  '57P03': unavailable,
  '53300': { ...unavailable, connectionLost: false, message: 'The database has no free connections' },
  '53400': { code: 'DATABASE_ERROR', status: 500, message: 'A database limit was exceeded' },
  '42501': { code: 'INSUFFICIENT_PRIVILEGE', status: 403, message: 'The database refused access' },
  P0001: {
    code: 'RAISE_EXCEPTION',
    status: 400,
    message: 'The database refused the operation',
    showServerMessage: true,
  },
};

export const classRules: Readonly<Record<string, SqlStateRule>> = {
  '08': unavailable,
  '22': { code: 'INVALID_DATA', status: 400, message: 'A value is not valid for the database' },
  '28': { ...unavailable, connectionLost: false, message: 'The database refused the service credentials' },
  '53': {
    code: 'INSUFFICIENT_RESOURCES',
    status: 503,
    message: 'The database is out of resources',
    retryAfterSeconds: 5,
  },
};

export const fallbackRule: SqlStateRule = {
  code: 'DATABASE_ERROR',
  status: 500,
  message: 'The database could not complete the operation',
};

export { unavailable as unavailableRule };
