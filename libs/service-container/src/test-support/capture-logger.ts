import { createLogger, type Logger } from '@platform/logging';

export interface CapturedLogger {
  logger: Logger;
  /** Every line written so far, parsed. */
  entries(): Record<string, unknown>[];
  /** Every line written so far, as written. */
  text(): string;
}

/** The platform's logger (same redaction) writing JSON lines to memory. */
export function captureLogger(level = 'debug'): CapturedLogger {
  const lines: string[] = [];
  const logger = createLogger(
    { app: 'test', environment: 'test', level },
    { destination: { write: (line: string) => void lines.push(line) } },
  );
  return {
    logger,
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => lines.join(''),
  };
}
