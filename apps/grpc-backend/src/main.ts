import path from 'node:path';
import { TokenVerifier } from '@platform/auth';
import { installShutdown, listen, Readiness } from '@platform/http';
import { closeLogger, createLogger, loggerSettingsFrom, type Logger } from '@platform/logging';
import { loadSettings, type Settings } from '@platform/settings';
import { createApp } from './app.js';
import { bindGrpc, hostPort } from './bind-grpc.js';
import { createGrpcServer } from './grpc-server.js';
import { backendSettingsShape } from './settings.js';
import { shutdownGrpc } from './shutdown-grpc.js';

const APP = 'grpc-backend';

function failStart(message: string, logger?: Logger, error?: unknown): never {
  logger?.fatal({ err: error }, `${APP} could not start: ${message}`);
  process.stderr.write(`${APP}: ${message}\n`);
  process.exit(1);
}

let settings: Settings<typeof backendSettingsShape>;
try {
  settings = loadSettings({
    app: APP,
    root: path.resolve(import.meta.dirname, '..'),
    shape: backendSettingsShape,
  });
} catch (error) {
  failStart(error instanceof Error ? error.message : String(error));
}
const tokens = settings.BEARER?.length ? settings.BEARER : undefined;
if (!tokens && !settings.ALLOW_ANONYMOUS) {
  failStart(
    'BEARER is not set: set the accepted token(s), or ALLOW_ANONYMOUS=true to serve without authentication',
  );
}

const logger = createLogger(loggerSettingsFrom(settings));
if (!tokens) logger.warn('ALLOW_ANONYMOUS=true and no BEARER: every call is served without authentication');
if (settings.WEB_CONCURRENCY > 1) {
  logger.warn(
    'WEB_CONCURRENCY is ignored: run replicas (each gRPC client keeps one connection to one process)',
  );
}

const limits = { maxLength: settings.MAX_LENGTH, maxNameLength: 256 };
const readiness = new Readiness();
const grpc = createGrpcServer({ logger, limits, verifier: tokens ? new TokenVerifier(tokens) : undefined });

let grpcPort: number;
try {
  grpcPort = await bindGrpc(grpc.server, settings.HOST, settings.BACKEND_PORT);
} catch (error) {
  failStart(error instanceof Error ? error.message : String(error), logger, error);
}
const grpcUrl = `grpc://${hostPort(settings.HOST, grpcPort)}`;
logger.info({ url: grpcUrl }, `${APP} listening on ${grpcUrl}`);

let listening: Awaited<ReturnType<typeof listen>>;
try {
  listening = await listen({
    handler: createApp({ logger, readiness, limits, tokens, trustProxy: settings.TRUST_PROXY }),
    port: settings.PORT,
    host: settings.HOST,
  });
} catch (error) {
  grpc.server.forceShutdown();
  failStart(error instanceof Error ? error.message : String(error), logger, error);
}
// The launcher (scripts/start-platform.mjs) takes the first "listening on http://" line as ready.
logger.info({ url: listening.url }, `${APP} listening on ${listening.url}`);

const timeoutMs = settings.SHUTDOWN_TIMEOUT_MS;
installShutdown({
  logger,
  timeoutMs: timeoutMs + 1_000,
  steps: [
    () => {
      readiness.drain();
      grpc.setServing(false);
    },
    async () => {
      const [drained] = await Promise.all([shutdownGrpc(grpc.server, timeoutMs), listening.close(timeoutMs)]);
      if (!drained) logger.warn({ timeoutMs }, 'gRPC calls still open after the bound were cancelled');
    },
    () => logger.info(`${APP} stopped`),
    () => closeLogger(logger),
  ],
});
