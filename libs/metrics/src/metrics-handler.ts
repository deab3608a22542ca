import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UnauthorizedError } from '@platform/errors';
import { httpMetrics } from './http-metrics.js';
import { registry } from './metric.js';
import { collectRuntimeMetrics } from './runtime-metrics.js';

export interface MetricsEndpointOptions {
  /**
   * When set, GET /metrics wants `authorization: Bearer <token>` (401 otherwise). Unset, the
   * endpoint is open: it is meant to be reachable only inside the network (see deploy/README).
   */
  token?: string | undefined;
}

let tokenDigest: Buffer | undefined;

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Sets, once at start-up, how every metrics handler of the process guards the endpoint. */
export function configureMetricsEndpoint(options: MetricsEndpointOptions): void {
  tokenDigest = options.token ? digest(options.token) : undefined;
}

function authorized(header: string | undefined): boolean {
  if (tokenDigest === undefined) return true;
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return false;
  // Digests of equal length, compared in constant time.
  return timingSafeEqual(digest(match[1] as string), tokenDigest);
}

/**
 * GET /metrics: the default registry in Prometheus' text format. Refused with UNAUTHORIZED
 * (passed to `next`, so the app's error envelope answers) when a token is configured and not
 * given; a failing collector is a 500 through the same path.
 */
export function metricsHandler(): (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void {
  collectRuntimeMetrics();
  httpMetrics.register();
  return (req, res, next) => {
    if (!authorized(req.headers.authorization)) {
      next(new UnauthorizedError());
      return;
    }
    registry.metrics().then(
      (text) => {
        res.statusCode = 200;
        res.setHeader('content-type', registry.contentType);
        res.setHeader('cache-control', 'no-store');
        res.end(text);
      },
      (error: unknown) => next(error),
    );
  };
}
