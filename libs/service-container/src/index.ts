export { loadContainer, type LoadContainerOptions } from './load-container.js';
export { parseContainer, type ParseContainerOptions } from './parse-container.js';
export { ServiceContainer, type CheckOptions, type ServiceContainerOptions } from './service-container.js';
export {
  HEDGED_METHODS,
  IDEMPOTENT_METHODS,
  serviceOptionsSchema,
  type ServiceOptions,
  type ServiceOptionsInput,
} from './service-options.js';
export type { ServiceHealth } from './check-service.js';
export type { CircuitState } from './service-breaker.js';
export type { Environment } from './interpolate.js';
export { runWithRequestId, currentRequestId, requestContextMiddleware } from './request-context.js';
export { safeUrl } from './safe-url.js';
export {
  ContainerConfigError,
  type ContainerConfigCode,
  type ContainerProblem,
} from './container-config-error.js';
export { ServiceAlreadyDefinedError, UnknownServiceError } from './container-errors.js';
export {
  ServiceBulkheadFullError,
  ServiceCallError,
  ServiceCallInvalidError,
  ServiceCircuitOpenError,
  ServiceDeadlineExceededError,
  ServiceHttpError,
  ServiceRequestFailedError,
  ServiceTimeoutError,
  ServiceUnreachableError,
  ServiceUrlOutsideBaseError,
  type ServiceCallTarget,
} from './service-errors.js';
