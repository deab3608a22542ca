import cluster from 'node:cluster';
import type { RequestListener } from 'node:http';
import { closeLogger, createLogger, loggerSettingsFrom, type Logger } from '@platform/logging';
import { joinClusterMetrics } from '@platform/metrics';
import { loadSettings, type Settings, type SettingsRules, type z } from '@platform/settings';
import { listen, type Listening } from './listen.js';
import { messageClassesFor } from './message-classes.js';
import { withCompression } from './with-compression.js';
import { Readiness } from './readiness.js';
import { installShutdown } from './shutdown.js';
import { runPrimary } from './run-primary.js';
import { startObservability } from './start-observability.js';
import type { ServiceListener } from './service-listener.js';

export interface ServiceContext<Shape extends z.ZodRawShape> {
  settings: Settings<Shape>;
  logger: Logger;
  readiness: Readiness;
}

export interface StartedService {
  /** The request handler, usually the express app from createHttpApp; served on HOST:PORT. */
  handler: RequestListener;
  /** More listeners (gRPC), bound before the HTTP server, drained and closed together with it. */
  listeners?: readonly ServiceListener[];
  /** Closes what start() opened (pools, clients), after every listener has drained. */
  close?: () => Promise<void> | void;
}

export interface RunServiceOptions<Shape extends z.ZodRawShape> {
  app: string;
  /** The app's package folder, holding env/<ENVIRONMENT>/.env. */
  root: string;
  shape: Shape;
  /** Checks across settings, reported like a bad variable (the service does not start). */
  rules?: SettingsRules<Settings<Shape>>;
  /** Extra exact pino redaction paths for this app's logger (secret key names are scrubbed already). */
  redact?: readonly string[];
  start: (context: ServiceContext<Shape>) => Promise<StartedService> | StartedService;
  /** Whether the HTTP answers are gzipped when the COMPRESSION setting is unset; false by default. */
  compression?: boolean;
}

/** Writes a start-up failure for people (stderr) and exits non-zero. */
async function failStart(app: string, error: unknown, logger?: Logger): Promise<never> {
  const message = error instanceof Error ? error.message : String(error);
  if (logger) {
    logger.fatal({ err: error }, `${app} could not start: ${message}`);
    await closeLogger(logger);
  }
  process.stderr.write(`${app}: ${message}\n`);
  process.exit(1);
}

/** Closes what was bound or opened before a later step failed; errors there are only logged. */
async function undoStart(
  logger: Logger,
  bound: readonly ServiceListener[],
  started: StartedService,
): Promise<void> {
  try {
    await Promise.all(bound.map((listener) => listener.close(0)));
    await started.close?.();
  } catch (error) {
    logger.error({ err: error }, 'Closing after a failed start failed too');
  }
}

/**
 * The whole life of a service: settings (and their rules), logger, start(), bind every extra
 * listener, then the HTTP server, whose "listening on http://…" line comes last: the launcher
 * takes it as "ready". On SIGTERM/SIGINT: readiness off, every listener drained, all closed
 * within SHUTDOWN_TIMEOUT_MS, then start()'s resources. With WEB_CONCURRENCY > 1 the primary
 * forks that many workers (node:cluster) that share the ports.
 */
export async function runService<Shape extends z.ZodRawShape>(
  options: RunServiceOptions<Shape>,
): Promise<void> {
  const { app, root, shape, rules, start } = options;
  const loggerOptions = options.redact ? { redact: options.redact } : {};
  let settings: Settings<Shape>;
  try {
    settings = loadSettings({ app, root, shape, ...(rules ? { rules } : {}) });
  } catch (error) {
    return failStart(app, error);
  }

  if (settings.WEB_CONCURRENCY > 1 && cluster.isPrimary) {
    const logger = createLogger(
      loggerSettingsFrom({ ...settings, PROCESS_ID: `${settings.PROCESS_ID ?? app}.primary` }),
      loggerOptions,
    );
    runPrimary({ app, logger, workers: settings.WEB_CONCURRENCY, timeoutMs: settings.SHUTDOWN_TIMEOUT_MS });
    return;
  }

  // A worker's GET /metrics answers for the whole cluster (the primary adds up every worker's).
  joinClusterMetrics();
  const workerSuffix = cluster.isWorker ? `.w${cluster.worker?.id ?? 0}` : '';
  const logger = createLogger(
    loggerSettingsFrom({ ...settings, PROCESS_ID: `${settings.PROCESS_ID ?? app}${workerSuffix}` }),
    loggerOptions,
  );
  const tracing = startObservability(app, settings);
  const readiness = new Readiness();
  let started: StartedService;
  try {
    started = await start({ settings, logger, readiness });
  } catch (error) {
    return failStart(app, error, logger);
  }

  const listeners = started.listeners ?? [];
  const bound: ServiceListener[] = [];
  for (const listener of listeners) {
    try {
      const url = await listener.listen();
      bound.push(listener);
      logger.info({ url, listener: listener.name }, `${app} listening on ${url}`);
    } catch (error) {
      await undoStart(logger, bound, started);
      return failStart(app, error, logger);
    }
  }

  let listening: Listening;
  try {
    const compress = settings.COMPRESSION ?? options.compression ?? false;
    const handler = compress ? withCompression(started.handler) : started.handler;
    listening = await listen({
      handler,
      port: settings.PORT,
      host: settings.HOST,
      messageClasses: messageClassesFor(started.handler),
    });
  } catch (error) {
    await undoStart(logger, bound, started);
    return failStart(app, error, logger);
  }
  logger.info({ url: listening.url, listener: 'http' }, `${app} listening on ${listening.url}`);
  // Standard output is buffered (@platform/logging): the lines that say the app is up leave now.
  logger.flush();

  const timeoutMs = settings.SHUTDOWN_TIMEOUT_MS;
  installShutdown({
    logger,
    timeoutMs: timeoutMs + 1_000,
    steps: [
      () => {
        readiness.drain();
        for (const listener of listeners) listener.drain?.();
      },
      async () => {
        const results = await Promise.allSettled([
          listening.close(timeoutMs),
          ...listeners.map((listener) => listener.close(timeoutMs)),
        ]);
        const failed = results.find((result) => result.status === 'rejected');
        if (failed) throw failed.reason;
      },
      async () => started.close?.(),
      () => tracing.shutdown(),
      () => logger.info(`${app} stopped`),
      () => closeLogger(logger),
    ],
  });
}
