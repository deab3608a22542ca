import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { deadlineMiddleware } from '@platform/deadline';
import { createRequestLogger, setRoutePattern, type Logger, type RequestFinished } from '@platform/logging';
import { checkRequestHeaders } from './early-limits.js';
import { jsonBody } from './json-body.js';
import type { SecurityHeaders } from './security-headers.js';

/** A GET (and HEAD) route of the platform's own, answered from the entry step (/healthz, /readyz). */
export type PlatformRoute = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface RequestEntryOptions {
  logger: Logger;
  /** Largest body in bytes. */
  bodyLimit: number;
  securityHeaders: SecurityHeaders;
  /** Told of every finished request after its log line (metrics). */
  onFinished?: RequestFinished;
  /** Exact paths answered for GET and HEAD before any app route, by path. */
  platformRoutes?: Readonly<Record<string, PlatformRoute>>;
}

/**
 * Everything a request meets before the app's routes, as one step instead of a chain of
 * middlewares: the request id and the hook of its log line, the security headers, the checks
 * of checkRequestHeaders (non-IP X-Forwarded-For entries dropped; 413 and 415 from the
 * headers, before any body is read, with the connection closed), the platform's own GET routes
 * (/healthz, /readyz), the JSON body, then the rest of the request under the caller's
 * `x-request-timeout-ms` budget when it sent one (@platform/deadline), so that it bounds the
 * outgoing calls made while serving.
 */
export function requestEntry(options: RequestEntryOptions): RequestHandler {
  const { bodyLimit, securityHeaders } = options;
  const logRequest = createRequestLogger(
    options.logger,
    options.onFinished ? { onFinished: options.onFinished } : {},
  );
  const platformRoutes = new Map(Object.entries(options.platformRoutes ?? {}));
  const readBody = jsonBody({ limit: bodyLimit });
  const withDeadline = deadlineMiddleware();
  return (req: Request, res: Response, next: NextFunction) => {
    logRequest(req, res);
    securityHeaders(req, res);
    const refusal = checkRequestHeaders(req.headers, bodyLimit);
    if (refusal) {
      res.setHeader('connection', 'close');
      next(refusal);
      return;
    }
    if (platformRoutes.size > 0 && (req.method === 'GET' || req.method === 'HEAD')) {
      const query = req.url.indexOf('?');
      const path = query === -1 ? req.url : req.url.slice(0, query);
      const route = platformRoutes.get(path);
      if (route !== undefined) {
        setRoutePattern(req, path);
        Promise.resolve(route(req, res)).catch(next);
        return;
      }
    }
    readBody(req, res, (error?: unknown) => {
      if (error !== undefined) next(error);
      else withDeadline(req, res, next);
    });
  };
}
