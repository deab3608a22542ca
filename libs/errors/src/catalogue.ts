import { AppError, type AppErrorOptions } from './app-error.js';

type Options = Omit<AppErrorOptions, 'statusCode'>;

export interface ValidationIssue {
  /** Dotted path of the offending field; empty for the whole body. */
  path: string;
  message: string;
}

export class ValidationError extends AppError {
  readonly issues: readonly ValidationIssue[];
  constructor(
    issues: readonly ValidationIssue[],
    message = 'The request is not valid',
    options: Options = {},
  ) {
    super('VALIDATION_FAILED', message, { ...options, statusCode: 400, details: { issues } });
    this.issues = issues;
  }
}

export class InvalidJsonError extends AppError {
  constructor(options: Options = {}) {
    super('INVALID_JSON', 'The request body is not valid JSON', { ...options, statusCode: 400 });
  }
}

/** 400 for a request the framework could not read (bad framing, a body that does not decompress). */
export class BadRequestError extends AppError {
  constructor(message = 'The request could not be read', options: Options = {}) {
    super('BAD_REQUEST', message, { ...options, statusCode: 400 });
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'A valid bearer token is required', options: Options = {}) {
    super('UNAUTHORIZED', message, {
      ...options,
      statusCode: 401,
      headers: { 'WWW-Authenticate': 'Bearer', ...options.headers },
    });
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found', options: Options = {}) {
    super('ROUTE_NOT_FOUND', message, { ...options, statusCode: 404 });
  }
}

export class MethodNotAllowedError extends AppError {
  constructor(allow: readonly string[], options: Options = {}) {
    super('METHOD_NOT_ALLOWED', `Method not allowed; use ${allow.join(', ')}`, {
      ...options,
      statusCode: 405,
      headers: { Allow: allow.join(', '), ...options.headers },
    });
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Forbidden', options: Options = {}) {
    super('FORBIDDEN', message, { ...options, statusCode: 403 });
  }
}

/** 408: the client did not send the whole request in time. */
export class RequestTimeoutError extends AppError {
  constructor(message = 'The request was not received in time', options: Options = {}) {
    super('REQUEST_TIMEOUT', message, { ...options, statusCode: 408 });
  }
}

export class ConflictError extends AppError {
  constructor(message: string, options: Options = {}) {
    super('CONFLICT', message, { ...options, statusCode: 409 });
  }
}

/** 406: the Accept header allows none of the representations offered. */
export class NotAcceptableError extends AppError {
  constructor(available: readonly string[], options: Options = {}) {
    super('NOT_ACCEPTABLE', `Accept one of ${available.join(', ')}`, {
      ...options,
      statusCode: 406,
      details: { available },
    });
  }
}

/** 412: a conditional header (If-Match, If-Unmodified-Since) does not hold. */
export class PreconditionFailedError extends AppError {
  constructor(message = 'A precondition of the request does not hold', options: Options = {}) {
    super('PRECONDITION_FAILED', message, { ...options, statusCode: 412 });
  }
}

/** 416: the Range header asks for bytes the resource does not have. */
export class RangeNotSatisfiableError extends AppError {
  constructor(message = 'The requested range is not satisfiable', options: Options = {}) {
    super('RANGE_NOT_SATISFIABLE', message, { ...options, statusCode: 416 });
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limit: number | string, options: Options = {}) {
    super('PAYLOAD_TOO_LARGE', `The request body is larger than ${limit}`, {
      ...options,
      statusCode: 413,
      details: { limit },
    });
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(expected: string, options: Options = {}) {
    super('UNSUPPORTED_MEDIA_TYPE', `Content-Type must be ${expected}`, {
      ...options,
      statusCode: 415,
      details: { expected },
    });
  }
}

export class TooManyRequestsError extends AppError {
  constructor(retryAfterSeconds: number, message = 'Too many requests', options: Options = {}) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super('TOO_MANY_REQUESTS', message, {
      ...options,
      statusCode: 429,
      headers: { 'Retry-After': String(seconds), ...options.headers },
      details: { retryAfter: seconds },
    });
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message = 'The service is unavailable', retryAfterSeconds = 1, options: Options = {}) {
    super('SERVICE_UNAVAILABLE', message, {
      ...options,
      statusCode: 503,
      headers: { 'Retry-After': String(retryAfterSeconds), ...options.headers },
    });
  }
}

export class GatewayTimeoutError extends AppError {
  constructor(message = 'The operation timed out', options: Options = {}) {
    super('TIMEOUT', message, { ...options, statusCode: 504 });
  }
}

export class InternalError extends AppError {
  constructor(options: Options = {}) {
    super('INTERNAL', 'Internal server error', { ...options, statusCode: 500 });
  }
}

/** Every error class of the catalogue, for documentation and the uniqueness test. */
export const errorCatalogue = {
  VALIDATION_FAILED: ValidationError,
  INVALID_JSON: InvalidJsonError,
  BAD_REQUEST: BadRequestError,
  UNAUTHORIZED: UnauthorizedError,
  FORBIDDEN: ForbiddenError,
  ROUTE_NOT_FOUND: NotFoundError,
  METHOD_NOT_ALLOWED: MethodNotAllowedError,
  NOT_ACCEPTABLE: NotAcceptableError,
  REQUEST_TIMEOUT: RequestTimeoutError,
  CONFLICT: ConflictError,
  PRECONDITION_FAILED: PreconditionFailedError,
  RANGE_NOT_SATISFIABLE: RangeNotSatisfiableError,
  PAYLOAD_TOO_LARGE: PayloadTooLargeError,
  UNSUPPORTED_MEDIA_TYPE: UnsupportedMediaTypeError,
  TOO_MANY_REQUESTS: TooManyRequestsError,
  SERVICE_UNAVAILABLE: ServiceUnavailableError,
  TIMEOUT: GatewayTimeoutError,
  INTERNAL: InternalError,
} as const;
