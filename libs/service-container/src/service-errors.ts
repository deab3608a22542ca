import { AppError } from '@platform/errors';

/** Which call failed: safe to log and show (the URL carries no credentials). */
export interface ServiceCallTarget {
  service: string;
  method: string;
  /** The full URL called, credentials removed. */
  url: string;
}

interface ServiceErrorOptions {
  statusCode: number;
  headers?: Readonly<Record<string, string>>;
  details?: Readonly<Record<string, unknown>>;
  cause?: unknown;
}

/**
 * Base of every error a service client raises: names the service, the method and the URL.
 * `details` carries only the service name, so a caller that lets the error reach its own
 * HTTP response does not disclose internal URLs beyond the message.
 */
export class ServiceCallError extends AppError {
  readonly service: string;
  readonly method: string;
  readonly url: string;

  constructor(code: string, target: ServiceCallTarget, reason: string, options: ServiceErrorOptions) {
    super(code, `${target.service}: ${target.method} ${target.url} ${reason}`, {
      statusCode: options.statusCode,
      headers: options.headers ?? {},
      details: { service: target.service, ...options.details },
      cause: options.cause,
    });
    this.service = target.service;
    this.method = target.method;
    this.url = target.url;
  }
}

/** No answer within the configured timeout (after the retries allowed). */
export class ServiceTimeoutError extends ServiceCallError {
  constructor(target: ServiceCallTarget, timeoutMs: number | undefined, cause?: unknown) {
    const bound = timeoutMs === undefined ? '' : ` after ${timeoutMs} ms`;
    super('SERVICE_TIMEOUT', target, `timed out${bound}`, { statusCode: 504, cause });
  }
}

/** The connection could not be made or was cut (refused, reset, unknown host). */
export class ServiceUnreachableError extends ServiceCallError {
  readonly networkCode: string | undefined;

  constructor(target: ServiceCallTarget, networkCode: string | undefined, cause?: unknown) {
    const why = networkCode ? ` (${networkCode})` : '';
    super('SERVICE_UNREACHABLE', target, `failed: the service cannot be reached${why}`, {
      statusCode: 503,
      headers: { 'Retry-After': '1' },
      cause,
    });
    this.networkCode = networkCode;
  }
}

/** The service answered with a status that is not 2xx/3xx. */
export class ServiceHttpError extends ServiceCallError {
  /** The status the service answered with. */
  readonly upstreamStatus: number;

  constructor(target: ServiceCallTarget, upstreamStatus: number, statusText: string, cause?: unknown) {
    const text = statusText ? ` ${statusText}` : '';
    super('SERVICE_HTTP_ERROR', target, `answered ${upstreamStatus}${text}`, {
      statusCode: 502,
      details: { upstreamStatus },
      cause,
    });
    this.upstreamStatus = upstreamStatus;
  }
}

/** The circuit breaker is open: the call was not attempted. */
export class ServiceCircuitOpenError extends ServiceCallError {
  constructor(target: ServiceCallTarget, retryAfterSeconds: number, cause?: unknown) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(
      'SERVICE_CIRCUIT_OPEN',
      target,
      `not attempted: the circuit is open after repeated failures (next probe within ${seconds} s)`,
      {
        statusCode: 503,
        headers: { 'Retry-After': String(seconds) },
        details: { retryAfter: seconds },
        cause,
      },
    );
  }
}

/** A URL outside the service's baseUrl: refused so the service's headers never reach another host. */
export class ServiceUrlOutsideBaseError extends ServiceCallError {
  constructor(target: ServiceCallTarget, baseUrl: string) {
    super(
      'SERVICE_URL_OUTSIDE_BASE',
      target,
      `refused: the URL is not on the service's origin (${baseUrl})`,
      {
        statusCode: 500,
      },
    );
  }
}

/** Anything else that went wrong with the call (an unreadable body, too many redirects…). */
export class ServiceRequestFailedError extends ServiceCallError {
  constructor(target: ServiceCallTarget, reason: string, cause?: unknown) {
    super('SERVICE_REQUEST_FAILED', target, `failed: ${reason}`, { statusCode: 502, cause });
  }
}

/** The call's deadline (its own, the service's `deadlineMs`, or the request being served) ran out. */
export class ServiceDeadlineExceededError extends ServiceCallError {
  /** Retrying cannot help: whoever set the deadline no longer waits for the answer. */
  readonly retryable = false;

  constructor(target: ServiceCallTarget, budgetMs: number, where: string, cause?: unknown) {
    super('DEADLINE_EXCEEDED', target, `not completed: its deadline of ${budgetMs} ms ran out ${where}`, {
      statusCode: 504,
      details: { deadlineMs: budgetMs },
      cause,
    });
  }
}

/** The service's bulkhead is full (calls in flight and queue): refused without calling the service. */
export class ServiceBulkheadFullError extends ServiceCallError {
  /** Retrying at once only adds to the load the bulkhead sheds. */
  readonly retryable = false;

  constructor(target: ServiceCallTarget, reason: string) {
    super('SERVICE_BULKHEAD_FULL', target, `not attempted: ${reason}`, {
      statusCode: 503,
      headers: { 'Retry-After': '1' },
      details: { retryable: false },
    });
  }
}

/** Per-call options (`context.deadlineMs`, `context.idempotent`) that cannot be used. */
export class ServiceCallInvalidError extends ServiceCallError {
  readonly field: string;

  constructor(target: ServiceCallTarget, field: string, expected: string) {
    super('SERVICE_CALL_INVALID', target, `refused: option ${field} ${expected}`, {
      statusCode: 500,
      details: { field },
    });
    this.field = field;
  }
}
