import compression from 'compression';
import express, { type Express, type Router } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { createRequestLogger, type Logger } from '@platform/logging';
import { httpMetricsMiddleware, metricsHandler } from '@platform/metrics';
import { httpTracingMiddleware } from '@platform/tracing';
import { earlyLimits } from './early-limits.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { Readiness } from './readiness.js';

export interface HttpAppOptions {
  logger: Logger;
  /** Registers the app's own routes; they run after the common middleware and before the error handler. */
  routes: (router: Router) => void;
  readiness?: Readiness;
  /** Largest JSON body accepted; 413 above it. */
  bodyLimit?: string;
  /** express' trust proxy setting, for X-Forwarded-* behind nginx. */
  trustProxy?: string | boolean | number;
  helmet?: HelmetOptions;
  /**
   * gzip answers of 1 kB or more. Off by default: JSON between services is
   * small and nginx or the ingress compresses what goes to browsers; its
   * per-request wrapper costs about a tenth of a small request's throughput.
   * Apps that serve pages straight to browsers turn it on.
   */
  compression?: boolean;
}

/**
 * The express app every HTTP service starts from: security headers, request
 * ids and logs, limits checked from the headers before any body is read, optional compression, a bounded JSON body parser, /healthz and /readyz,
 * a 404 and the uniform error envelope.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const {
    logger,
    routes,
    readiness = new Readiness(),
    bodyLimit = '100kb',
    trustProxy = 'loopback',
    helmet: helmetOptions = {},
    compression: compress = false,
  } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
  app.set('json replacer', jsonReplacer);

  // Tracing first: the request log line and every later step run inside the request's span.
  app.use(httpTracingMiddleware());
  app.use(httpMetricsMiddleware());
  app.use(createRequestLogger(logger));
  app.use(helmet(helmetOptions));
  app.use(earlyLimits({ bodyLimit }));
  if (compress) app.use(compression());

  app.get('/metrics', metricsHandler());
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const report = await readiness.report();
    res.status(report.ready ? 200 : 503).json({ status: report.ready ? 'ready' : 'not ready', ...report });
  });

  app.use(
    express.json({ limit: bodyLimit, strict: false, type: ['application/json', 'application/*+json'] }),
  );

  const router = express.Router();
  routes(router);
  app.use(router);

  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return app;
}

/** JSON that never throws on bigint. */
function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
