import { hostname } from 'node:os';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { activeTraceFields, mergeTraceFields } from './active-trace-fields.js';
import { prettyOutput, wantsPrettyOutput } from './pretty-output.js';
import { CENSOR, redactPaths, scrubSecrets, serializeError } from './redact-paths.js';

export type { Logger } from 'pino';

export interface LoggerSettings {
  /** App id, as the seed's APP_ID (db-api, counter…). */
  app: string;
  environment: string;
  level: string;
  /** Replica id, as the seed's PROCESS_ID; defaults to the app id. */
  processId?: string | undefined;
  /** Write rotated JSON lines here too, besides stdout. */
  logPath?: string | undefined;
  rotateSize?: string | undefined;
  rotateFrequency?: 'daily' | 'hourly' | undefined;
  rotateKeep?: number | undefined;
}

export interface CreateLoggerOptions {
  /** Extra pino redaction paths on top of the platform's (exact paths stay cheap). */
  redact?: readonly string[];
  /** Where to write instead of stdout (tests). */
  destination?: DestinationStream;
  /**
   * Human-readable lines (pino-pretty) instead of JSON; by default only for ENVIRONMENT=local on a
   * terminal, and never for the rotated LOG_PATH file.
   */
  pretty?: boolean;
}

/** ECS-style fields that every line carries, plus the seed's app/index/process. */
export function baseFields(settings: LoggerSettings): Record<string, unknown> {
  const processId = settings.processId ?? settings.app;
  return {
    'service.name': settings.app,
    'service.environment': settings.environment,
    'host.hostname': hostname(),
    app: `${settings.app}.${processId}`,
    index: `${settings.app}_${settings.environment}`,
    process: { name: settings.app, pid: process.pid },
    'ecs.version': '8.10.0',
  };
}

function rotatingTransport(settings: LoggerSettings): DestinationStream {
  const { logPath, rotateSize = '10m', rotateFrequency, rotateKeep = 10 } = settings;
  return pino.transport({
    targets: [
      { target: 'pino/file', options: { destination: 1 } },
      {
        target: 'pino-roll',
        options: {
          file: logPath,
          size: rotateSize,
          ...(rotateFrequency ? { frequency: rotateFrequency } : {}),
          limit: { count: rotateKeep },
          mkdir: true,
        },
      },
    ],
  }) as DestinationStream;
}

/**
 * Standard output, written from a buffer: lines are gathered up to 4 KiB (or 100 ms) and handed
 * to the thread pool in one write, instead of a write and its completion per line, most of
 * what a request line cost. pino flushes the buffer synchronously when the process exits (an
 * exit after a fatal error included) and closeLogger on shutdown; only a SIGKILL can lose it.
 */
const STDOUT_BUFFERING = { dest: 1, sync: false, minLength: 4096, periodicFlush: 100 } as const;

/** The one root logger of a process: JSON lines ready for ELK, secrets redacted. */
export function createLogger(settings: LoggerSettings, options: CreateLoggerOptions = {}): Logger {
  const pinoOptions: LoggerOptions = {
    level: settings.level,
    messageKey: 'message',
    errorKey: 'error',
    base: baseFields(settings),
    timestamp: () => `,"@timestamp":"${new Date().toISOString()}"`,
    formatters: {
      // The numeric level stays too: pino's multi-target transport routes on it.
      level: (label, number) => ({ 'log.level': label, level: number }),
      bindings: scrubSecrets,
      log: scrubSecrets,
    },
    redact: { paths: [...redactPaths, ...(options.redact ?? [])], censor: CENSOR },
    serializers: { err: serializeError, error: serializeError },
    // ECS trace.id and span.id of the active span (none without one), on every line.
    mixin: activeTraceFields,
    mixinMergeStrategy: mergeTraceFields,
  };
  // A given destination (tests, stderr) gets JSON unless asked otherwise.
  const pretty =
    options.pretty ?? (!options.destination && wantsPrettyOutput(settings.environment, process.stdout.isTTY));
  const destination = settings.logPath
    ? (options.destination ?? rotatingTransport(settings))
    : pretty
      ? prettyOutput(options.destination)
      : (options.destination ?? pino.destination(STDOUT_BUFFERING));
  return withScrubbedChildBindings(pino(pinoOptions, destination));
}

/**
 * pino applies `formatters.bindings` to the root's bindings only; children's
 * bindings are scrubbed here, for every descendant (they inherit `child`).
 */
function withScrubbedChildBindings(logger: Logger): Logger {
  const child = logger.child;
  logger.child = function scrubbedChild(this: Logger, bindings, options) {
    return child.call(this, scrubSecrets(bindings), options);
  } as Logger['child'];
  return logger;
}

/**
 * Flushes buffered lines and closes the destination (ending a rotating
 * transport's worker); call once, just before the process exits.
 */
export async function closeLogger(logger: Logger): Promise<void> {
  await new Promise<void>((resolve) => logger.flush(() => resolve()));
  const stream = (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as
    | (DestinationStream & {
        end?: () => void;
        once?: (event: string, listener: () => void) => void;
        fd?: number;
      })
    | undefined;
  // stdout stays open; a transport worker is ended and awaited.
  if (!stream || typeof stream.end !== 'function' || stream.fd === 1 || typeof stream.once !== 'function')
    return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2_000);
    stream.once?.('close', () => {
      clearTimeout(timer);
      resolve();
    });
    stream.end?.();
  });
}
