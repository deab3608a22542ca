import type { ErrorRequestHandler, RequestHandler } from 'express';
import {
  AppError,
  BadRequestError,
  ForbiddenError,
  InternalError,
  InvalidJsonError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionFailedError,
  RangeNotSatisfiableError,
  RequestTimeoutError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '@platform/errors';
import type { Logger } from '@platform/logging';

/** What express, its body parsers and static files attach to the errors they throw (http-errors). */
interface FrameworkError {
  type?: unknown;
  status?: unknown;
  statusCode?: unknown;
  limit?: unknown;
  headers?: unknown;
}

const statusErrors: Readonly<Record<number, (options: { cause: unknown }) => AppError>> = {
  400: (options) => new BadRequestError(undefined, options),
  403: (options) => new ForbiddenError(undefined, options),
  404: (options) => new NotFoundError(undefined, options),
  408: (options) => new RequestTimeoutError(undefined, options),
  412: (options) => new PreconditionFailedError(undefined, options),
  413: (options) => new PayloadTooLargeError('the limit', options),
  415: (options) => new UnsupportedMediaTypeError('application/json; charset=utf-8', options),
  416: (options) => new RangeNotSatisfiableError(undefined, options),
};

/** Errors thrown by express' body parsers, as catalogue errors with their own messages. */
function fromBodyParser(error: FrameworkError): AppError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new InvalidJsonError({ cause: error });
    case 'entity.too.large':
      return new PayloadTooLargeError(
        typeof error.limit === 'number' ? `${error.limit} bytes` : 'the limit',
        {
          cause: error,
        },
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError('application/json; charset=utf-8', { cause: error });
    case 'request.aborted':
    case 'request.size.invalid':
      return new BadRequestError('The request body was incomplete', { cause: error });
    default:
      return undefined;
  }
}

/** Safe response headers a framework error asks for (416's Content-Range). */
function headersOf(error: FrameworkError): Record<string, string> {
  const headers: Record<string, string> = {};
  if (error.headers && typeof error.headers === 'object') {
    const range = (error.headers as Record<string, unknown>)['Content-Range'];
    if (typeof range === 'string') headers['Content-Range'] = range;
  }
  return headers;
}

/**
 * Any other error that carries a 4xx status (a body that does not decompress,
 * a failed precondition, an unsatisfiable range) keeps its status, with the
 * catalogue's code for it: it is the client's fault, not a server fault.
 */
function fromStatus(error: FrameworkError): AppError | undefined {
  const status = typeof error.statusCode === 'number' ? error.statusCode : error.status;
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  const make = statusErrors[status];
  const appError = make
    ? make({ cause: error })
    : new AppError('BAD_REQUEST', 'The request could not be served', { statusCode: status, cause: error });
  const headers = headersOf(error);
  return Object.keys(headers).length === 0
    ? appError
    : new AppError(appError.code, appError.message, {
        statusCode: appError.statusCode,
        headers,
        cause: error,
      });
}

/** Any thrown value as a catalogue error; unknown errors become a bare 500. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  // express fails to decode a malformed %-escape in a path parameter with a URIError.
  if (error instanceof URIError) {
    return new ValidationError(
      [{ path: 'url', message: 'expected valid percent-encoding' }],
      'The URL is not valid',
      { cause: error },
    );
  }
  if (error && typeof error === 'object') {
    const known = fromBodyParser(error as FrameworkError) ?? fromStatus(error as FrameworkError);
    if (known) return known;
  }
  return new InternalError({ cause: error });
}

/** The uniform envelope: {"error":{"code","message","requestId",...details}}. */
export function errorBody(
  error: AppError,
  requestId: string | undefined,
): { error: Record<string, unknown> } {
  return { error: { code: error.code, message: error.message, requestId, ...error.details } };
}

export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => next(new NotFoundError(`No route for ${req.method} ${req.path}`));
}

/** The one error middleware, registered last. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const appError = toAppError(error);
    const requestId = req.id;
    if (appError.statusCode >= 500) {
      logger.error(
        { err: error, 'request.id': requestId, code: appError.code },
        `${req.method} ${req.originalUrl} failed`,
      );
    }
    res.status(appError.statusCode);
    res.set(appError.headers);
    // JSON whatever a route set before failing (a text or HTML route, say).
    res.type('application/json');
    res.json(errorBody(appError, requestId));
  };
}
