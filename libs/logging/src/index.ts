export {
  baseFields,
  createLogger,
  closeLogger,
  type CreateLoggerOptions,
  type Logger,
  type LoggerSettings,
} from './create-logger.js';
export { isSecretKey, redactPaths, scrubSecrets, secretKeyPattern } from './redact-paths.js';
export {
  createRequestLogger,
  requestIdFrom,
  routePatternOf,
  secretPathParams,
  setRoutePattern,
  type RequestFinished,
  type RequestLogger,
  type RequestLoggerOptions,
} from './request-logger.js';
export { loggerSettingsFrom } from './logger-settings-from.js';
