import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, isSpanContextValid, trace, type Context } from '@opentelemetry/api';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { deadlineMiddleware } from '@platform/deadline';
import { createRequestLogger, setRoutePattern, type Logger, type RequestFinished } from '@platform/logging';
import { httpMetrics, UNMATCHED_ROUTE } from '@platform/metrics';
import { endHttpServerSpan, startHttpServerSpan } from '@platform/tracing';
import { checkRequestHeaders } from './early-limits.js';
import { jsonBody } from './json-body.js';
import type { SecurityHeaders } from './security-headers.js';

/** A GET (and HEAD) route of the platform's own, answered from the entry step (/healthz, /metrics). */
export type PlatformRoute = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void | Promise<void>;

export interface RequestEntryOptions {
  logger: Logger;
  /** Largest body in bytes. */
  bodyLimit: number;
  securityHeaders: SecurityHeaders;
  /** Told of every finished request after its log line, its metrics and its span. */
  onFinished?: RequestFinished;
  /** Exact paths answered for GET and HEAD before any app route, by path. */
  platformRoutes?: Readonly<Record<string, PlatformRoute>>;
  /** The app's route pattern for a method and path, for the requests refused here (see HttpAppOptions). */
  routeOf?: RouteOf;
}

/**
 * The route pattern (`/example/foo`) a request's method and path would reach, or undefined: lets
 * the requests refused before any route runs (413 and 415 from the headers, a body over the limit,
 * invalid JSON) be logged and counted under their route rather than `unmatched`.
 */
export type RouteOf = (method: string, path: string) => string | undefined;

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

const serverSpan = Symbol('serverSpan');
type TracedRequest = IncomingMessage & { [serverSpan]?: Context };

function traceOf(req: IncomingMessage): { traceId: string; spanId: string } | undefined {
  const spanContext = (req as TracedRequest)[serverSpan];
  const ids = spanContext && trace.getSpan(spanContext)?.spanContext();
  return ids && isSpanContextValid(ids) ? { traceId: ids.traceId, spanId: ids.spanId } : undefined;
}

/**
 * Everything a request meets before the app's routes, as one step instead of a chain of
 * middlewares: its server span (a child of a valid incoming `traceparent`, active for the rest
 * of the request), the request id and the hook that writes its log line and records its metrics,
 * the security headers, the checks of checkRequestHeaders (non-IP X-Forwarded-For entries
 * dropped; 413 and 415 from the headers, before any body is read, with the connection closed),
 * the platform's own GET routes (/healthz, /readyz, /metrics), the JSON body, then the rest of
 * the request under the caller's `x-request-timeout-ms` budget when it sent one
 * (@platform/deadline), so that it bounds the outgoing calls made while serving.
 */
export function requestEntry(options: RequestEntryOptions): RequestHandler {
  const { bodyLimit, securityHeaders } = options;
  const finished = options.onFinished;
  httpMetrics.register();
  const logRequest = createRequestLogger(options.logger, {
    traceOf,
    onFinished: (req, status, seconds, route) => {
      httpMetrics.leave(req.method, route ?? UNMATCHED_ROUTE, status, seconds);
      const spanContext = (req as TracedRequest)[serverSpan];
      if (spanContext) endHttpServerSpan(spanContext, req.method, route, status);
      finished?.(req, status, seconds, route);
    },
  });
  const platformRoutes = new Map(Object.entries(options.platformRoutes ?? {}));
  const readBody = jsonBody({ limit: bodyLimit });
  const withDeadline = deadlineMiddleware();
  const { routeOf } = options;

  /** Refuses the request before the app's routes, under its route's name when routeOf knows it. */
  function refuse(req: Request, next: NextFunction, error: unknown): void {
    const route = routeOf?.(req.method, pathOf(req.url));
    if (route !== undefined) setRoutePattern(req, route);
    next(error);
  }

  function serve(req: Request, res: Response, next: NextFunction): void {
    logRequest(req, res);
    securityHeaders(req, res);
    const refusal = checkRequestHeaders(req.headers, bodyLimit);
    if (refusal) {
      res.setHeader('connection', 'close');
      refuse(req, next, refusal);
      return;
    }
    if (platformRoutes.size > 0 && (req.method === 'GET' || req.method === 'HEAD')) {
      const path = pathOf(req.url);
      const route = platformRoutes.get(path);
      if (route !== undefined) {
        setRoutePattern(req, path);
        Promise.resolve(route(req, res, next)).catch(next);
        return;
      }
    }
    readBody(req, res, (error?: unknown) => {
      if (error !== undefined) refuse(req, next, error);
      else withDeadline(req, res, next);
    });
  }

  return (req, res, next) => {
    httpMetrics.enter();
    const spanContext = startHttpServerSpan(req.method, req.headers);
    (req as TracedRequest)[serverSpan] = spanContext;
    context.with(spanContext, serve, undefined, req, res, next);
  };
}
