import { status } from '@grpc/grpc-js';
import {
  AppError,
  errorCatalogue,
  GatewayTimeoutError,
  ServiceUnavailableError,
  UnauthorizedError,
  ValidationError,
} from '@platform/errors';
import { describe, expect, it } from 'vitest';
import { grpcCodeOf, toGrpcStatus } from './grpc-status.js';

describe('toGrpcStatus', () => {
  it('maps every code of the platform catalogue to a gRPC status', () => {
    for (const code of Object.keys(errorCatalogue)) {
      expect(grpcCodeOf(new AppError(code, 'x'))).not.toBe(status.OK);
    }
    expect(grpcCodeOf(new ValidationError([]))).toBe(status.INVALID_ARGUMENT);
    expect(grpcCodeOf(new UnauthorizedError())).toBe(status.UNAUTHENTICATED);
    expect(grpcCodeOf(new ServiceUnavailableError())).toBe(status.UNAVAILABLE);
    expect(grpcCodeOf(new GatewayTimeoutError())).toBe(status.DEADLINE_EXCEEDED);
  });

  it('maps other libs’ codes by their HTTP status', () => {
    expect(grpcCodeOf(new AppError('ACCOUNT_LOCKED', 'x', { statusCode: 403 }))).toBe(
      status.PERMISSION_DENIED,
    );
    expect(grpcCodeOf(new AppError('NO_SUCH_THING', 'x', { statusCode: 404 }))).toBe(status.NOT_FOUND);
    expect(grpcCodeOf(new AppError('ODD_INPUT', 'x', { statusCode: 422 }))).toBe(status.INVALID_ARGUMENT);
    expect(grpcCodeOf(new AppError('BROKEN', 'x'))).toBe(status.INTERNAL);
  });

  it('keeps a platform error’s safe message and names its code in the error-code trailer', () => {
    const mapped = toGrpcStatus(new ValidationError([], 'length must be an integer from 0 to 10'));
    expect(mapped.code).toBe(status.INVALID_ARGUMENT);
    expect(mapped.details).toBe('length must be an integer from 0 to 10');
    expect(mapped.metadata.get('error-code')).toEqual(['VALIDATION_FAILED']);
  });

  it('hides anything else behind a bare INTERNAL', () => {
    const mapped = toGrpcStatus(new Error('password=hunter2 at db.internal:5432'));
    expect(mapped).toMatchObject({ code: status.INTERNAL, details: 'Internal server error' });
    expect(mapped.metadata.get('error-code')).toEqual(['INTERNAL']);
  });
});
