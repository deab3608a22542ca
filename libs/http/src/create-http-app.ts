import express, { type Express, type Router } from 'express';
import type { HelmetOptions } from 'helmet';
import type { Logger, RequestFinished } from '@platform/logging';
import { metricsHandler } from '@platform/metrics';
import { bodyLimitBytes } from './early-limits.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { Readiness } from './readiness.js';
import { requestEntry, type RouteOf } from './request-entry.js';
import { securityHeaders } from './security-headers.js';
import { sendJson, stringifyJson } from './send-json.js';
import { compressionMiddleware } from './with-compression.js';

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
   * gzip answers of 1 kB or more (the COMPRESSION setting). Off by default: JSON between
   * services is small and nginx or the ingress compresses what goes to browsers; a
   * standalone app serving large answers turns it on.
   */
  compression?: boolean;
  /** express' weak ETags on answers (a hash of every body); off by default, as API answers are not cached. */
  etag?: boolean;
  /** Told of every finished request after its log line (metrics). */
  onFinished?: RequestFinished;
  /**
   * The app's route pattern for a method and path. Requests refused before the routes run (413
   * and 415 from the headers, a body over the limit, invalid JSON) are then logged and counted
   * under their route; without it, or when it answers undefined, under `unmatched`.
   */
  routeOf?: RouteOf;
}

/**
 * The express app every HTTP service starts from: one entry step (request id and log line,
 * security headers, limits checked from the headers before any body is read), optional
 * compression, a bounded JSON body parser, /healthz and /readyz, a 404 and the uniform
 * error envelope.
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
    etag = false,
  } = options;
  const limit = bodyLimitBytes(bodyLimit);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', etag ? 'weak' : false);
  app.set('trust proxy', trustProxy);
  // res.json without a replacer on every call: bigint is handled only when a value has one.
  app.response.json = function json(this: express.Response, value: unknown) {
    if (!this.get('Content-Type')) this.set('Content-Type', 'application/json');
    return this.send(stringifyJson(value));
  };

  app.use(
    requestEntry({
      logger,
      bodyLimit: limit,
      securityHeaders: securityHeaders(helmetOptions),
      ...(options.onFinished ? { onFinished: options.onFinished } : {}),
      ...(options.routeOf ? { routeOf: options.routeOf } : {}),
      platformRoutes: {
        '/metrics': metricsHandler(),
        '/healthz': (_req, res) => {
          sendJson(res, 200, { status: 'ok' });
        },
        '/readyz': async (_req, res) => {
          const report = await readiness.report();
          sendJson(res, report.ready ? 200 : 503, {
            status: report.ready ? 'ready' : 'not ready',
            ...report,
          });
        },
      },
    }),
  );
  if (compress) app.use(compressionMiddleware());

  // The app's routes go on the app's own router: one dispatch per request, not a nested one.
  routes(app as unknown as Router);

  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return app;
}
