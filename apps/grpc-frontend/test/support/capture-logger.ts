import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@platform/logging';

export interface CapturedLogger {
  logger: Logger;
  /** Every line logged so far, parsed. */
  lines: () => Record<string, unknown>[];
}

/** A real platform logger writing into memory, so tests can assert on the parsed lines. */
export function captureLogger(level = 'debug'): CapturedLogger {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n'))
        if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  const logger = createLogger({ app: 'grpc-frontend', environment: 'test', level }, { destination });
  return { logger, lines: () => lines };
}
