import type { IncomingMessage, ServerResponse } from 'node:http';
import { runWithDeadline } from './deadline-context.js';
import { MAX_TIMEOUT_MS, parseTimeoutHeader, TIMEOUT_HEADER } from './timeout-header.js';

export interface DeadlineMiddlewareOptions {
  /** Largest budget taken from a caller; larger values are clamped to it. */
  maxMs?: number;
}

/**
 * Middleware (express, or any `(req, res, next)` server) that runs the rest of the request
 * under the caller's budget from `x-request-timeout-ms`, so that `currentDeadline()` bounds
 * every outgoing call made while serving it. Without the header, or with a value that is not
 * a whole number of milliseconds, it only calls `next()`: no scope, no cost, never an error.
 */
export function deadlineMiddleware(
  options: DeadlineMiddlewareOptions = {},
): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const { maxMs = MAX_TIMEOUT_MS } = options;
  return (req, _res, next) => {
    const raw = req.headers[TIMEOUT_HEADER];
    if (raw === undefined) {
      next();
      return;
    }
    const ms = parseTimeoutHeader(raw, maxMs);
    if (ms === undefined) {
      next();
      return;
    }
    runWithDeadline(ms, next);
  };
}
