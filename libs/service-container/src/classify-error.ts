import { CancelError, HTTPError, RequestError, TimeoutError } from 'got';
import { AppError } from '@platform/errors';
import { redactUrlCredentials } from './safe-url.js';
import {
  ServiceHttpError,
  ServiceRequestFailedError,
  ServiceTimeoutError,
  ServiceUnreachableError,
  type ServiceCallTarget,
} from './service-errors.js';

/** Connection-level failures: the service is not there (or not answering) at all. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/**
 * Node 24.20+ (and 26.7+) can end a refused connection with a plain error of this code, which
 * got before 16 (which needs Node 22+) passes on as it is, not as a RequestError, and does not
 * retry. It is still a connection that could not be made.
 */
const CLOSED_BEFORE_CONNECTION = 'ERR_SOCKET_CLOSED_BEFORE_CONNECTION';

function closedBeforeConnection(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === CLOSED_BEFORE_CONNECTION;
}

/**
 * Whether an error says the service is unwell (counts against its circuit breaker):
 * timeouts, connection failures and 5xx answers. A 4xx answer is the caller's problem.
 */
export function isServiceFailure(error: unknown): boolean {
  if (error instanceof TimeoutError) return true;
  if (error instanceof HTTPError) return error.response.statusCode >= 500;
  if (error instanceof CancelError) return false;
  if (error instanceof RequestError) return NETWORK_CODES.has(error.code);
  return closedBeforeConnection(error);
}

/**
 * got keeps the request options (headers included, so `authorization`) as an enumerable
 * property of its errors, and writes the URL (credentials included) into its message:
 * hide the one and redact the other, so no serializer (pino, JSON, util.inspect) shows them.
 */
export function sanitize(error: unknown): void {
  if (!(error instanceof RequestError)) return;
  if (Object.prototype.propertyIsEnumerable.call(error, 'options')) {
    Object.defineProperty(error, 'options', { enumerable: false });
  }
  error.message = redactUrlCredentials(error.message);
  if (typeof error.stack === 'string') error.stack = redactUrlCredentials(error.stack);
}

/** Any error of a service call as one of the service errors, naming the service and URL. */
export function toServiceError(
  error: unknown,
  target: ServiceCallTarget,
  timeouts: { connect: number; request: number },
): AppError {
  if (error instanceof AppError) return error;
  sanitize(error);
  if (error instanceof TimeoutError) {
    const bound = error.event === 'connect' ? timeouts.connect : timeouts.request;
    return new ServiceTimeoutError(target, bound, error);
  }
  if (error instanceof HTTPError) {
    const { statusCode, statusMessage = '' } = error.response;
    return new ServiceHttpError(target, statusCode, statusMessage, error);
  }
  if (error instanceof RequestError && NETWORK_CODES.has(error.code)) {
    return new ServiceUnreachableError(target, error.code, error);
  }
  if (closedBeforeConnection(error))
    return new ServiceUnreachableError(target, CLOSED_BEFORE_CONNECTION, error);
  if (error instanceof CancelError)
    return new ServiceRequestFailedError(target, 'cancelled by the caller', error);
  const code = error instanceof RequestError ? error.code : undefined;
  return new ServiceRequestFailedError(target, code ? `request error (${code})` : 'unexpected error', error);
}
