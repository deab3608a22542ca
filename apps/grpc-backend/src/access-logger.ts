import { redactPaths, type Logger } from '@platform/logging';

/**
 * The logger for the one line per call or request: the root logger with only the exact
 * redaction paths. The platform's wildcard paths (`*.x`, `*.*.x`) walk every logged object
 * once per path, which costs several times the rest of the line; an access line has a fixed,
 * flat set of fields built here (no headers, no bodies), so the exact paths are enough.
 * Everything else keeps logging through the root logger, with every path.
 */
export function accessLogger(logger: Logger): Logger {
  return logger.child(
    {},
    { redact: { paths: redactPaths.filter((path) => !path.includes('*')), censor: '[REDACTED]' } },
  );
}
