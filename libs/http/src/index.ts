export { createHttpApp, type HttpAppOptions } from './create-http-app.js';
export {
  bodyLimitBytes,
  checkRequestHeaders,
  earlyLimits,
  forwardedForIps,
  type EarlyLimitsOptions,
} from './early-limits.js';
export { jsonBody, readJsonBody, type JsonBodyOptions } from './json-body.js';
export { requestEntry, type RequestEntryOptions, type RouteOf } from './request-entry.js';
export { securityHeaders, type SecurityHeaders } from './security-headers.js';
export { sendBody, sendJson, stringifyJson } from './send-json.js';
export { errorBody, errorHandler, notFoundHandler, toAppError } from './error-handler.js';
export { listen, urlOf, type Listening, type ListenOptions } from './listen.js';
export { messageClassesFor, type MessageClasses } from './message-classes.js';
export { Readiness, type ReadinessCheck, type ReadinessReport } from './readiness.js';
export { jsonBodyError, requireJson } from './require-json.js';
export {
  runService,
  type RunServiceOptions,
  type ServiceContext,
  type StartedService,
} from './run-service.js';
export { executeJob, runJob, type JobContext, type JobRuntime, type RunJobOptions } from './run-job.js';
export type { ServiceListener } from './service-listener.js';
export { UsageError } from './usage-error.js';
export { installShutdown, type ShutdownOptions } from './shutdown.js';
