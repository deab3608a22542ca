export { AppError, isAppError, type AppErrorOptions } from './app-error.js';
export {
  ConflictError,
  GatewayTimeoutError,
  InternalError,
  InvalidJsonError,
  MethodNotAllowedError,
  NotAcceptableError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
  errorCatalogue,
  type ValidationIssue,
} from './catalogue.js';
export { issuesFromZod } from './zod-issues.js';
