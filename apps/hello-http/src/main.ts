import path from 'node:path';
import { installShutdown, listen, Readiness, type Listening } from '@platform/http';
import { closeLogger, createLogger, loggerSettingsFrom } from '@platform/logging';
import { loadSettings, type Settings } from '@platform/settings';
import { createApp } from './app.js';

// The same life as runService, written out for a plain node:http server: settings, the root
// logger, listen, one "listening on" line, graceful shutdown on SIGTERM/SIGINT.
const app = 'hello-http';

function fail(error: unknown): never {
  process.stderr.write(`${app}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

let settings: Settings;
try {
  settings = loadSettings({ app, root: path.resolve(import.meta.dirname, '..'), shape: {} });
} catch (error) {
  fail(error);
}
const logger = createLogger(loggerSettingsFrom(settings));
const readiness = new Readiness();

let listening: Listening;
try {
  listening = await listen({
    handler: createApp({ logger, readiness }),
    port: settings.PORT,
    host: settings.HOST,
  });
} catch (error) {
  logger.fatal({ err: error }, `${app} could not start`);
  await closeLogger(logger);
  fail(error);
}
logger.info({ url: listening.url }, `${app} listening on ${listening.url}`);

installShutdown({
  logger,
  timeoutMs: settings.SHUTDOWN_TIMEOUT_MS + 1_000,
  steps: [
    () => readiness.drain(),
    () => listening.close(settings.SHUTDOWN_TIMEOUT_MS),
    () => logger.info(`${app} stopped`),
    () => closeLogger(logger),
  ],
});
