import type { ErrorRequestHandler, RequestHandler } from 'express';
import {
  AppError,
  InternalError,
  InvalidJsonError,
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '@platform/errors';
import type { Logger } from '@platform/logging';

interface BodyParserError {
  type?: unknown;
  status?: unknown;
  limit?: unknown;
}

/** Errors thrown by express' body parsers, as catalogue errors. */
function fromBodyParser(error: BodyParserError): AppError | undefined {
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
      return new AppError('BAD_REQUEST', 'The request body was incomplete', {
        statusCode: 400,
        cause: error,
      });
    default:
      return undefined;
  }
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
    const parsed = fromBodyParser(error as BodyParserError);
    if (parsed) return parsed;
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
