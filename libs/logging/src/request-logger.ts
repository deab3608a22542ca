import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Level, Logger } from 'pino';

declare module 'node:http' {
  interface IncomingMessage {
    /** The request id the platform's request logger gave this request. */
    id?: string;
    /** The authenticated caller's name (set by @platform/auth's bearer check), never its token. */
    caller?: string;
  }
}

const REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/** An incoming x-request-id when it is sane, otherwise a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && REQUEST_ID.test(value) ? value : randomUUID();
}

type LoggedRequest = IncomingMessage & {
  route?: { path?: unknown };
  baseUrl?: string;
  originalUrl?: string;
  [secretPath]?: boolean;
};

const secretPath = Symbol('secretPath');

/**
 * Route middleware: this route's path parameters are secrets (a TOTP code in
 * `/check/:key`), so its request line shows the route pattern, never the URL.
 */
export function secretPathParams(): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, _res, next) => {
    (req as LoggedRequest)[secretPath] = true;
    next();
  };
}

/** Called as `(req, res)` on plain node:http, or as express middleware with `next`. */
export type RequestLogger = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

function levelOf(status: number, aborted: boolean): Level {
  if (status >= 500) return 'error';
  if (status >= 400 || aborted) return 'warn';
  return 'info';
}

/**
 * One line per request with its id, method, url, route, status, duration and, once a bearer
 * check named it, the `caller`.
 * The id is taken from x-request-id when sane, set as `req.id` and echoed in
 * the response. A response the client abandoned before it finished is logged
 * as aborted. No child logger is made per request: that is most of what an
 * access log costs on a small request.
 */
export function createRequestLogger(logger: Logger): RequestLogger {
  return function requestLogger(incoming, res, next) {
    const req = incoming as LoggedRequest;
    const started = performance.now();
    const id = requestIdFrom(req.headers['x-request-id']);
    req.id = id;
    res.setHeader('x-request-id', id);

    // 'close' comes after 'finish' for an answered request, and alone for an abandoned one.
    res.once('close', () => {
      const aborted = !res.writableFinished;
      const status = aborted && !res.headersSent ? 0 : res.statusCode;
      const durationMs = performance.now() - started;
      const routePath = req.route?.path;
      const pattern = typeof routePath === 'string' ? `${req.baseUrl ?? ''}${routePath}` : undefined;
      const url = req[secretPath] && pattern ? pattern : (req.originalUrl ?? req.url);
      const line: Record<string, unknown> = {
        'request.id': id,
        req: { id, method: req.method, url, remoteAddress: req.socket?.remoteAddress },
        res: { statusCode: status },
        duration_ms: durationMs,
      };
      if (pattern) line['http.route'] = pattern;
      if (req.caller !== undefined) line['caller'] = req.caller;
      const message = aborted
        ? `${req.method} ${url} aborted after ${Math.round(durationMs)} ms`
        : `${req.method} ${url} ${status} in ${Math.round(durationMs)} ms`;
      logger[levelOf(status, aborted)](line, message);
    });
    next?.();
  };
}
