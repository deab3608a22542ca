// Test helpers (`@platform/logging/testing`): for tests only, never imported by production code.
export {
  captureLogger,
  type CaptureLoggerOptions,
  type CapturedLogger,
  type LogEntry,
} from './testing/capture-logger.js';
