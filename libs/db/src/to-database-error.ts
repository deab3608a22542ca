import { AppError } from '@platform/errors';
import { DatabaseError } from './database-error.js';
import {
  classRules,
  exactRules,
  fallbackRule,
  unavailableRule,
  type SqlStateRule,
} from './sqlstate-rules.js';

/** The fields of a PostgreSQL error response that pg copies onto its errors. */
interface ServerErrorLike {
  code: string;
  message?: unknown;
  constraint?: unknown;
  column?: unknown;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Socket-level failures: the server is down, restarting or unreachable. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function isServerError(error: unknown): error is ServerErrorLike {
  if (!error || typeof error !== 'object') return false;
  const { code } = error as { code?: unknown };
  return typeof code === 'string' && SQLSTATE.test(code) && 'severity' in error;
}

function ruleFor(sqlState: string): SqlStateRule {
  return exactRules[sqlState] ?? classRules[sqlState.slice(0, 2)] ?? fallbackRule;
}

function fromRule(
  rule: SqlStateRule,
  cause: unknown,
  sqlState?: string,
  serverMessage?: string,
): DatabaseError {
  const server = cause as ServerErrorLike | undefined;
  const details: Record<string, unknown> = {};
  if (typeof server?.constraint === 'string') details['constraint'] = server.constraint;
  if (typeof server?.column === 'string') details['column'] = server.column;
  return new DatabaseError(
    rule.code,
    rule.showServerMessage && serverMessage ? serverMessage : rule.message,
    {
      statusCode: rule.status,
      sqlState,
      details,
      cause,
      retryable: rule.retryable ?? false,
      connectionLost: rule.connectionLost ?? false,
      ...(rule.retryAfterSeconds === undefined
        ? {}
        : { headers: { 'Retry-After': String(rule.retryAfterSeconds) } }),
    },
  );
}

/**
 * pg and pg-pool report some failures only as plain Errors with fixed texts
 * (no code): this is the one place that recognises them.
 */
function fromDriverMessage(error: Error): DatabaseError | undefined {
  const { message } = error;
  if (message === 'timeout exceeded when trying to connect') return poolExhausted(error);
  if (message === 'Query read timeout') {
    return new DatabaseError('STATEMENT_TIMEOUT', 'The database statement timed out', {
      statusCode: 504,
      cause: error,
      connectionLost: true,
    });
  }
  if (/^Connection terminated|not queryable|Connection closed|Client was closed/i.test(message)) {
    return fromRule(unavailableRule, error);
  }
  return undefined;
}

/** Every caller waited for a connection as long as allowed and none came free. */
export function poolExhausted(cause?: unknown, retryAfterSeconds = 1): DatabaseError {
  return new DatabaseError('POOL_EXHAUSTED', 'Every database connection is busy; retry shortly', {
    statusCode: 503,
    headers: { 'Retry-After': String(retryAfterSeconds) },
    cause,
  });
}

/** The error PostgreSQL gives for `sqlState`, where it reports the condition without one. */
export function sqlStateError(sqlState: string): DatabaseError {
  return fromRule(ruleFor(sqlState), undefined, sqlState);
}

/**
 * Any error from pg or pg-pool as a DatabaseError with a stable code and an HTTP
 * status (SQLSTATE first, then socket codes, then the driver's fixed messages).
 * AppErrors pass through unchanged.
 */
export function toDatabaseError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isServerError(error)) {
    const message = typeof error.message === 'string' ? error.message : undefined;
    return fromRule(ruleFor(error.code), error, error.code, message);
  }
  if (error instanceof Error) {
    const { code } = error as { code?: unknown };
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return fromRule(unavailableRule, error);
    const known = fromDriverMessage(error);
    if (known) return known;
  }
  // Something the driver did not explain: do not trust the connection again.
  return new DatabaseError(fallbackRule.code, fallbackRule.message, {
    statusCode: fallbackRule.status,
    cause: error,
    connectionLost: true,
  });
}
