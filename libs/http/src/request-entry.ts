import type { RequestHandler } from 'express';
import { deadlineMiddleware } from '@platform/deadline';
import { createRequestLogger, type Logger, type RequestFinished } from '@platform/logging';
import { checkRequestHeaders } from './early-limits.js';
import type { SecurityHeaders } from './security-headers.js';

export interface RequestEntryOptions {
  logger: Logger;
  /** Largest body in bytes. */
  bodyLimit: number;
  securityHeaders: SecurityHeaders;
  /** Told of every finished request after its log line (metrics). */
  onFinished?: RequestFinished;
}

/**
 * Everything a request meets first, as one step instead of a chain of middlewares: the
 * request id and the hook of its log line, the security headers, and the checks of
 * checkRequestHeaders (non-IP X-Forwarded-For entries dropped; 413 and 415 from the headers,
 * before any body is read, with the connection closed), then the rest of the request under the
 * caller's `x-request-timeout-ms` budget when it sent one (@platform/deadline), so that it
 * bounds the outgoing calls made while serving.
 */
export function requestEntry(options: RequestEntryOptions): RequestHandler {
  const { bodyLimit, securityHeaders } = options;
  const logRequest = createRequestLogger(
    options.logger,
    options.onFinished ? { onFinished: options.onFinished } : {},
  );
  const withDeadline = deadlineMiddleware();
  return (req, res, next) => {
    logRequest(req, res);
    securityHeaders(req, res);
    const refusal = checkRequestHeaders(req.headers, bodyLimit);
    if (refusal) {
      res.setHeader('connection', 'close');
      next(refusal);
      return;
    }
    withDeadline(req, res, next);
  };
}
