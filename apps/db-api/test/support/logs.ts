import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@platform/logging';

export interface CapturedLogs {
  logger: Logger;
  lines: Record<string, unknown>[];
}

/** A real platform logger whose JSON lines are kept for assertions. */
export function captureLogs(): CapturedLogs {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
  const logger = createLogger({ app: 'db-api', environment: 'test', level: 'debug' }, { destination });
  return { logger, lines };
}
