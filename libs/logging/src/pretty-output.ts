import { createRequire } from 'node:module';
import type { DestinationStream } from 'pino';
import type PinoPretty from 'pino-pretty';

/** The fields every line carries (see baseFields); a terminal shows them once per process, not per line. */
const repeatedFields = [
  'log.level',
  'service.name',
  'service.environment',
  'host.hostname',
  'app',
  'index',
  'process',
  'ecs.version',
];

/**
 * Human-readable lines only where a person reads them: a local run on a terminal. Anywhere else
 * (containers, CI, a pipe into a log shipper) the JSON lines stay, as ELK reads them.
 */
export function wantsPrettyOutput(environment: string, isTerminal: boolean | undefined): boolean {
  return environment === 'local' && isTerminal === true;
}

/** A destination that prints each JSON line as `time LEVEL message` and its own fields, into `destination` (stdout by default). */
export function prettyOutput(destination?: DestinationStream): DestinationStream {
  // Loaded only where it is used (a terminal): every other start skips its load time.
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  return pretty({
    messageKey: 'message',
    timestampKey: '@timestamp',
    translateTime: 'SYS:HH:MM:ss.l',
    // pino-pretty reads a dot as nesting; the platform's ECS keys hold literal dots.
    ignore: repeatedFields.map((key) => key.replaceAll('.', '\\.')).join(','),
    singleLine: true,
    sync: true,
    ...(destination ? { destination } : {}),
  });
}
