export { AppError, isAppError, type AppErrorOptions } from './app-error.js';
export {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  GatewayTimeoutError,
  InternalError,
  InvalidJsonError,
  MethodNotAllowedError,
  NotAcceptableError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionFailedError,
  RangeNotSatisfiableError,
  RequestTimeoutError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
  errorCatalogue,
  type ValidationIssue,
} from './catalogue.js';
export { issuesFromZod } from './zod-issues.js';
