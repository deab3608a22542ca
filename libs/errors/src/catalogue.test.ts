import { describe, expect, it } from 'vitest';
import {
  AppError,
  BadRequestError,
  ForbiddenError,
  PreconditionFailedError,
  RangeNotSatisfiableError,
  RequestTimeoutError,
  ConflictError,
  errorCatalogue,
  GatewayTimeoutError,
  InternalError,
  InvalidJsonError,
  isAppError,
  MethodNotAllowedError,
  NotAcceptableError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from './index.js';

describe('error catalogue', () => {
  it('gives every class a distinct, stable code matching its catalogue key', () => {
    const samples: AppError[] = [
      new ValidationError([]),
      new InvalidJsonError(),
      new BadRequestError(),
      new ForbiddenError(),
      new RequestTimeoutError(),
      new PreconditionFailedError(),
      new RangeNotSatisfiableError(),
      new UnauthorizedError(),
      new NotFoundError(),
      new MethodNotAllowedError(['POST']),
      new NotAcceptableError(['text/plain']),
      new ConflictError('taken'),
      new PayloadTooLargeError('100kb'),
      new UnsupportedMediaTypeError('application/json'),
      new TooManyRequestsError(1),
      new ServiceUnavailableError(),
      new GatewayTimeoutError(),
      new InternalError(),
    ];
    const codes = samples.map((error) => error.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.sort()).toEqual(Object.keys(errorCatalogue).sort());
    for (const error of samples) {
      expect(error).toBeInstanceOf(errorCatalogue[error.code as keyof typeof errorCatalogue]);
    }
  });

  it('maps to HTTP statuses and headers', () => {
    const unauthorized = new UnauthorizedError();
    expect(unauthorized.statusCode).toBe(401);
    expect(new PreconditionFailedError().statusCode).toBe(412);
    expect(new RangeNotSatisfiableError().statusCode).toBe(416);
    expect(new RequestTimeoutError().statusCode).toBe(408);
    expect(unauthorized.headers['WWW-Authenticate']).toBe('Bearer');
    expect(new TooManyRequestsError(2.2).headers['Retry-After']).toBe('3');
    expect(new MethodNotAllowedError(['POST']).headers['Allow']).toBe('POST');
    const invalid = new ValidationError([{ path: 'name', message: 'Required' }]);
    expect(invalid.statusCode).toBe(400);
    expect(invalid.details).toEqual({ issues: [{ path: 'name', message: 'Required' }] });
  });

  it('keeps the cause and recognises its own errors', () => {
    const cause = new Error('socket closed');
    const error = new AppError('X', 'failed', { cause });
    expect(error.cause).toBe(cause);
    expect(error.statusCode).toBe(500);
    expect(isAppError(error)).toBe(true);
    expect(isAppError(cause)).toBe(false);
  });
});
