import type { DestinationStream } from 'pino';
import {
  createLogger,
  type CreateLoggerOptions,
  type Logger,
  type LoggerSettings,
} from '../create-logger.js';

/** One logged line, parsed. */
export type LogEntry = Record<string, unknown>;

export interface CaptureLoggerOptions extends Pick<CreateLoggerOptions, 'redact'> {
  /** `service.name` and the `app`/`index` fields; default `test`. */
  app?: string;
  /** Default `test`. */
  environment?: string;
  /** Default `debug`, so tests see every line the code writes above trace. */
  level?: string;
  processId?: string | undefined;
}

export interface CapturedLogger {
  /** A real platform logger (same fields, same redaction) writing into memory. */
  logger: Logger;
  /** Every line written so far, parsed, oldest first. */
  entries(): LogEntry[];
  /** The first line written so far that matches, parsed. */
  find(predicate: (entry: LogEntry) => boolean): LogEntry | undefined;
  /** Every line written so far, exactly as written (JSON lines). */
  text(): string;
  /** Forgets the lines written so far. */
  clear(): void;
}

/** The platform's `createLogger` writing JSON lines to memory, for assertions on parsed log objects. */
export function captureLogger(options: CaptureLoggerOptions = {}): CapturedLogger {
  const { app = 'test', environment = 'test', level = 'debug', processId, redact } = options;
  const lines: string[] = [];
  // pino writes one complete line per call, synchronously, to a plain destination.
  const destination: DestinationStream = { write: (line: string) => void lines.push(line) };
  const settings: LoggerSettings = { app, environment, level, processId };
  const logger = createLogger(settings, { destination, ...(redact ? { redact } : {}) });
  const entries = () => lines.map((line) => JSON.parse(line) as LogEntry);
  return {
    logger,
    entries,
    find: (predicate) => entries().find(predicate),
    text: () => lines.join(''),
    clear: () => void lines.splice(0),
  };
}
