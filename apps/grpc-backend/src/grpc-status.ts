import { Metadata, status, type StatusObject } from '@grpc/grpc-js';
import { ERROR_CODE_TRAILER } from '@platform/api-proto';
import { AppError, type errorCatalogue } from '@platform/errors';

/** The one mapping from the platform's error codes to gRPC status codes. */
const byCode: Record<keyof typeof errorCatalogue, status> = {
  VALIDATION_FAILED: status.INVALID_ARGUMENT,
  INVALID_JSON: status.INVALID_ARGUMENT,
  BAD_REQUEST: status.INVALID_ARGUMENT,
  FORBIDDEN: status.PERMISSION_DENIED,
  REQUEST_TIMEOUT: status.DEADLINE_EXCEEDED,
  PRECONDITION_FAILED: status.FAILED_PRECONDITION,
  RANGE_NOT_SATISFIABLE: status.OUT_OF_RANGE,
  UNSUPPORTED_MEDIA_TYPE: status.INVALID_ARGUMENT,
  NOT_ACCEPTABLE: status.INVALID_ARGUMENT,
  UNAUTHORIZED: status.UNAUTHENTICATED,
  ROUTE_NOT_FOUND: status.UNIMPLEMENTED,
  METHOD_NOT_ALLOWED: status.UNIMPLEMENTED,
  CONFLICT: status.ALREADY_EXISTS,
  PAYLOAD_TOO_LARGE: status.RESOURCE_EXHAUSTED,
  TOO_MANY_REQUESTS: status.RESOURCE_EXHAUSTED,
  SERVICE_UNAVAILABLE: status.UNAVAILABLE,
  TIMEOUT: status.DEADLINE_EXCEEDED,
  INTERNAL: status.INTERNAL,
};

/** Codes outside the catalogue (other libs' AppErrors) map by their HTTP status. */
function byStatusCode(statusCode: number): status {
  if (statusCode === 401) return status.UNAUTHENTICATED;
  if (statusCode === 403) return status.PERMISSION_DENIED;
  if (statusCode === 404) return status.NOT_FOUND;
  if (statusCode === 409) return status.ALREADY_EXISTS;
  if (statusCode === 429 || statusCode === 413) return status.RESOURCE_EXHAUSTED;
  if (statusCode === 503) return status.UNAVAILABLE;
  if (statusCode === 504) return status.DEADLINE_EXCEEDED;
  if (statusCode >= 400 && statusCode < 500) return status.INVALID_ARGUMENT;
  return status.INTERNAL;
}

export function grpcCodeOf(error: AppError): status {
  return byCode[error.code as keyof typeof errorCatalogue] ?? byStatusCode(error.statusCode);
}

/**
 * Any thrown value as the status to answer with: a platform error keeps its safe message
 * and names its stable code in the `error-code` trailer; anything else is a bare INTERNAL.
 */
export function toGrpcStatus(error: unknown): StatusObject {
  const metadata = new Metadata();
  if (error instanceof AppError && error.code !== 'INTERNAL') {
    metadata.set(ERROR_CODE_TRAILER, error.code);
    return { code: grpcCodeOf(error), details: error.message, metadata };
  }
  metadata.set(ERROR_CODE_TRAILER, 'INTERNAL');
  return { code: status.INTERNAL, details: 'Internal server error', metadata };
}
