import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { NotFoundError, UnauthorizedError } from '@platform/errors';
import { metricsText } from './cluster-metrics.js';
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

/** What of the request decides whether /metrics answers. */
export interface MetricsRequest {
  /** The `authorization` header. */
  authorization?: string | undefined;
  /** Whether the request came through a proxy (it has X-Forwarded-For or Forwarded). */
  forwarded?: boolean;
}

/** Whether a request's headers say it came through a proxy (nginx, an ingress). */
export function isForwarded(headers: IncomingHttpHeaders): boolean {
  return headers['x-forwarded-for'] !== undefined || headers.forwarded !== undefined;
}

/**
 * The default registry in Prometheus' text format, for any framework's GET /metrics. Prometheus
 * scrapes each replica directly: a request that came through a proxy is answered 404
 * ROUTE_NOT_FOUND unless a token is configured (defence in depth behind nginx and the Ingress,
 * which do not route /metrics). With a token configured, a request without it is UNAUTHORIZED.
 */
export async function metricsResponse(request: MetricsRequest): Promise<MetricsResponse> {
  if (tokenDigest === undefined && request.forwarded) throw new NotFoundError();
  if (!authorized(request.authorization)) throw new UnauthorizedError();
  return { contentType: registry.contentType, body: await metricsText() };
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
    metricsResponse({ authorization: req.headers.authorization, forwarded: isForwarded(req.headers) }).then(
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
