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

/** What GET /metrics answers: the text and its content type. */
export interface MetricsResponse {
  contentType: string;
  body: string;
}

/**
 * The default registry in Prometheus' text format, for any framework's GET /metrics (give the
 * request's `authorization` header). Rejects with UNAUTHORIZED when a token is configured and
 * not given.
 */
export async function metricsResponse(authorization: string | undefined): Promise<MetricsResponse> {
  if (!authorized(authorization)) throw new UnauthorizedError();
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/**
 * GET /metrics for express or node:http. A refusal (UNAUTHORIZED) or a failing collector is
 * passed to `next`, so the app's error envelope answers.
 */
export function metricsHandler(): (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void {
  collectRuntimeMetrics();
  httpMetrics.register();
  return (req, res, next) => {
    metricsResponse(req.headers.authorization).then(
      ({ contentType, body }) => {
        res.statusCode = 200;
        res.setHeader('content-type', contentType);
        res.setHeader('cache-control', 'no-store');
        res.end(body);
      },
      (error: unknown) => next(error),
    );
  };
}
