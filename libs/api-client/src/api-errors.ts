import { AppError, type AppErrorOptions } from '@platform/errors';

export type ApiErrorOptions = Omit<AppErrorOptions, 'statusCode'> & {
  /** The gRPC status code the backend answered with. */
  grpcCode: number;
  /** The backend's own stable error code (trailer `error-code`), when it sent one. */
  remoteCode?: string | undefined;
};

/**
 * A failed call to the Api backend. `statusCode` is what a gateway (the frontend)
 * should answer: the backend's failures are a 502/504 to its own callers.
 */
export class ApiError extends AppError {
  readonly grpcCode: number;
  readonly remoteCode: string | undefined;

  constructor(
    options: ApiErrorOptions,
    message = 'The call to the Api backend failed',
    code = 'API_ERROR',
    statusCode = 502,
  ) {
    const { grpcCode, remoteCode, ...rest } = options;
    super(code, message, { ...rest, statusCode });
    this.grpcCode = grpcCode;
    this.remoteCode = remoteCode;
  }
}

/** The backend cannot be reached (down, refusing connections, restarting). */
export class ApiUnavailableError extends ApiError {
  constructor(options: ApiErrorOptions, message = 'The Api backend is unavailable') {
    super(
      { ...options, headers: { 'Retry-After': '1', ...options.headers } },
      message,
      'API_UNAVAILABLE',
      502,
    );
  }
}

/** The call's deadline passed before the backend answered. */
export class ApiTimeoutError extends ApiError {
  constructor(options: ApiErrorOptions, message = 'The Api backend did not answer in time') {
    super(options, message, 'API_TIMEOUT', 504);
  }
}

/** The backend refused the request's arguments; the message is the backend's reason. */
export class ApiInvalidArgumentError extends ApiError {
  constructor(options: ApiErrorOptions, message = 'The request is not valid') {
    super(options, message, 'API_INVALID_ARGUMENT', 400);
  }
}

/** The backend refused this client's credentials: a configuration problem on our side. */
export class ApiUnauthenticatedError extends ApiError {
  constructor(options: ApiErrorOptions, message = 'The Api backend refused our credentials') {
    super(options, message, 'API_UNAUTHENTICATED', 502);
  }
}

/** The backend is out of a resource (message size, rate, capacity). */
export class ApiResourceExhaustedError extends ApiError {
  constructor(options: ApiErrorOptions, message = 'The Api backend is out of capacity for this request') {
    super(options, message, 'API_RESOURCE_EXHAUSTED', 502);
  }
}

/** The call was cancelled by this side (an AbortSignal, a stream left early). */
export class ApiCancelledError extends ApiError {
  constructor(options: ApiErrorOptions, message = 'The call to the Api backend was cancelled') {
    // 499, as proxies log a request its client gave up on.
    super(options, message, 'API_CANCELLED', 499);
  }
}

/** Every error class of the client, for documentation and the uniqueness test. */
export const apiErrorCatalogue = {
  API_ERROR: ApiError,
  API_UNAVAILABLE: ApiUnavailableError,
  API_TIMEOUT: ApiTimeoutError,
  API_INVALID_ARGUMENT: ApiInvalidArgumentError,
  API_UNAUTHENTICATED: ApiUnauthenticatedError,
  API_RESOURCE_EXHAUSTED: ApiResourceExhaustedError,
  API_CANCELLED: ApiCancelledError,
} as const;
