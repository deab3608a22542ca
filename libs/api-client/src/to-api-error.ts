import { status, type ServiceError } from '@grpc/grpc-js';
import { ERROR_CODE_TRAILER } from '@platform/api-proto';
import { AppError } from '@platform/errors';
import {
  ApiCancelledError,
  ApiError,
  ApiInvalidArgumentError,
  ApiResourceExhaustedError,
  ApiTimeoutError,
  ApiUnauthenticatedError,
  ApiUnavailableError,
} from './api-errors.js';

function isServiceError(error: unknown): error is ServiceError {
  return (
    error instanceof Error &&
    typeof (error as Partial<ServiceError>).code === 'number' &&
    typeof (error as Partial<ServiceError>).details === 'string'
  );
}

function remoteCodeOf(error: ServiceError): string | undefined {
  const value = error.metadata?.get(ERROR_CODE_TRAILER)[0];
  return typeof value === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(value) ? value : undefined;
}

/** Any failure of a call as one of the client's typed errors; the original is the `cause`. */
export function toApiError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (!isServiceError(error)) {
    return new ApiError({ grpcCode: status.UNKNOWN, cause: error });
  }
  const options = { grpcCode: error.code, remoteCode: remoteCodeOf(error), cause: error };
  switch (error.code) {
    case status.UNAVAILABLE:
      return new ApiUnavailableError(options);
    case status.DEADLINE_EXCEEDED:
      return new ApiTimeoutError(options);
    case status.INVALID_ARGUMENT:
    case status.OUT_OF_RANGE:
      return new ApiInvalidArgumentError(options, error.details || undefined);
    case status.UNAUTHENTICATED:
    case status.PERMISSION_DENIED:
      return new ApiUnauthenticatedError(options);
    case status.RESOURCE_EXHAUSTED:
      return new ApiResourceExhaustedError(options);
    case status.CANCELLED:
      return new ApiCancelledError(options);
    default:
      return new ApiError(options, `The Api backend failed (${status[error.code] ?? error.code})`);
  }
}
