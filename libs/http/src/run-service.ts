import cluster from 'node:cluster';
import type { RequestListener } from 'node:http';
import { closeLogger, createLogger, loggerSettingsFrom, type Logger } from '@platform/logging';
import { loadSettings, type Settings, type z } from '@platform/settings';
import { listen } from './listen.js';
import { Readiness } from './readiness.js';
import { installShutdown } from './shutdown.js';
import { runPrimary } from './run-primary.js';

export interface ServiceContext<Shape extends z.ZodRawShape> {
  settings: Settings<Shape>;
  logger: Logger;
  readiness: Readiness;
}

export interface StartedService {
  /** The request handler, usually the express app from createHttpApp. */
  handler: RequestListener;
  /** Closes what start() opened (pools, clients), after the server has drained. */
  close?: () => Promise<void> | void;
}

export interface RunServiceOptions<Shape extends z.ZodRawShape> {
  app: string;
  /** The app's package folder, holding env/<ENVIRONMENT>/.env. */
  root: string;
  shape: Shape;
  /** Extra exact pino redaction paths for this app's logger (secret key names are scrubbed already). */
  redact?: readonly string[];
  start: (context: ServiceContext<Shape>) => Promise<StartedService> | StartedService;
}

/** Writes a start-up failure for people (stderr) and exits non-zero. */
function failStart(app: string, error: unknown, logger?: Logger): never {
  const message = error instanceof Error ? error.message : String(error);
  logger?.fatal({ err: error }, `${app} could not start: ${message}`);
  process.stderr.write(`${app}: ${message}\n`);
  process.exit(1);
}

/**
 * The whole life of an HTTP service: settings, logger, start(), listen, one
 * "listening on <url>" line, graceful shutdown. With WEB_CONCURRENCY > 1 the
 * primary forks that many workers (node:cluster) that share the port.
 */
export async function runService<Shape extends z.ZodRawShape>(
  options: RunServiceOptions<Shape>,
): Promise<void> {
  const { app, root, shape, start } = options;
  const loggerOptions = options.redact ? { redact: options.redact } : {};
  let settings: Settings<Shape>;
  try {
    settings = loadSettings({ app, root, shape });
  } catch (error) {
    failStart(app, error);
  }

  if (settings.WEB_CONCURRENCY > 1 && cluster.isPrimary) {
    const logger = createLogger(
      loggerSettingsFrom({ ...settings, PROCESS_ID: `${settings.PROCESS_ID ?? app}.primary` }),
      loggerOptions,
    );
    runPrimary({ app, logger, workers: settings.WEB_CONCURRENCY, timeoutMs: settings.SHUTDOWN_TIMEOUT_MS });
    return;
  }

  const workerSuffix = cluster.isWorker ? `.w${cluster.worker?.id ?? 0}` : '';
  const logger = createLogger(
    loggerSettingsFrom({ ...settings, PROCESS_ID: `${settings.PROCESS_ID ?? app}${workerSuffix}` }),
    loggerOptions,
  );
  const readiness = new Readiness();
  let started: StartedService;
  try {
    started = await start({ settings, logger, readiness });
  } catch (error) {
    failStart(app, error, logger);
  }
  let listening: Awaited<ReturnType<typeof listen>>;
  try {
    listening = await listen({ handler: started.handler, port: settings.PORT, host: settings.HOST });
  } catch (error) {
    await started.close?.();
    failStart(app, error, logger);
  }
  logger.info({ url: listening.url }, `${app} listening on ${listening.url}`);

  installShutdown({
    logger,
    timeoutMs: settings.SHUTDOWN_TIMEOUT_MS + 1_000,
    steps: [
      () => readiness.drain(),
      () => listening.close(settings.SHUTDOWN_TIMEOUT_MS),
      async () => started.close?.(),
      () => logger.info(`${app} stopped`),
      () => closeLogger(logger),
    ],
  });
}
