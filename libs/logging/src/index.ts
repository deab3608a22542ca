export {
  baseFields,
  createLogger,
  closeLogger,
  type CreateLoggerOptions,
  type Logger,
  type LoggerSettings,
} from './create-logger.js';
export { redactPaths, scrubSecrets, secretKeys } from './redact-paths.js';
export { createRequestLogger, requestIdFrom, type RequestLogger } from './request-logger.js';
export { loggerSettingsFrom } from './logger-settings-from.js';
