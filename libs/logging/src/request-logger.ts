import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Level, Logger } from 'pino';
import { trustLogFields } from './redact-paths.js';
import { requestLineWriter } from './request-line.js';

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

const secretPath = Symbol('secretPath');
const routePattern = Symbol('routePattern');
const started = Symbol('started');

type LoggedRequest = IncomingMessage & {
  route?: { path?: unknown };
  baseUrl?: string;
  originalUrl?: string;
  [secretPath]?: boolean;
  [routePattern]?: string;
};

type LoggedResponse = ServerResponse & {
  [started]?: number;
};

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

/**
 * Names the route pattern of a request that no express route matched (a route table that
 * dispatches by itself), for the request line's `http.route` and the metrics' route label.
 */
export function setRoutePattern(req: IncomingMessage, pattern: string): void {
  (req as LoggedRequest)[routePattern] = pattern;
}

/** The route pattern that served a request (`/check/:key`), or undefined when none matched. */
export function routePatternOf(req: IncomingMessage): string | undefined {
  const logged = req as LoggedRequest;
  const own = logged[routePattern];
  if (own !== undefined) return own;
  const routePath = logged.route?.path;
  return typeof routePath === 'string' ? `${logged.baseUrl ?? ''}${routePath}` : undefined;
}

/** Called as `(req, res)` on plain node:http, or as express middleware with `next`. */
export type RequestLogger = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

/** What a finished request looked like, for observers such as metrics (status 0: abandoned unanswered). */
export type RequestFinished = (
  req: IncomingMessage,
  status: number,
  seconds: number,
  route: string | undefined,
) => void;

export interface RequestLoggerOptions {
  /** Called once per request after its line is written (metrics). */
  onFinished?: RequestFinished;
  /** The request's trace ids for its line, wherever the line is written from (tracing). */
  traceOf?: (req: IncomingMessage) => { traceId: string; spanId: string } | undefined;
}

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
 * as aborted. Per request it allocates no closure and no child logger: the
 * start time sits on the response and one shared listener writes the line.
 */
export function createRequestLogger(logger: Logger, options: RequestLoggerOptions = {}): RequestLogger {
  const { onFinished, traceOf } = options;
  const writeLine = requestLineWriter(logger);

  // 'close' comes after 'finish' for an answered request, and alone for an abandoned one.
  function onClose(this: LoggedResponse): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the listener's `this` is the response
    const res = this;
    const req = res.req as LoggedRequest;
    const aborted = !res.writableFinished;
    const status = aborted && !res.headersSent ? 0 : res.statusCode;
    const durationMs = performance.now() - (res[started] ?? 0);
    const pattern = routePatternOf(req);
    const url = req[secretPath] && pattern ? pattern : (req.originalUrl ?? req.url);
    const message = aborted
      ? `${req.method} ${url} aborted after ${Math.round(durationMs)} ms`
      : `${req.method} ${url} ${status} in ${Math.round(durationMs)} ms`;
    const level = levelOf(status, aborted);
    if (writeLine) {
      writeLine(level, {
        id: req.id,
        method: req.method,
        url,
        remoteAddress: req.socket?.remoteAddress,
        status,
        durationMs,
        route: pattern,
        caller: req.caller,
        message,
        trace: traceOf?.(req),
      });
    } else {
      const id = req.id;
      const line: Record<string, unknown> = {
        'request.id': id,
        req: { id, method: req.method, url, remoteAddress: req.socket?.remoteAddress },
        res: { statusCode: status },
        duration_ms: durationMs,
      };
      if (pattern) line['http.route'] = pattern;
      if (req.caller !== undefined) line['caller'] = req.caller;
      const trace = traceOf?.(req);
      if (trace) {
        line['trace.id'] = trace.traceId;
        line['span.id'] = trace.spanId;
      }
      logger[level](trustLogFields(line), message);
    }
    onFinished?.(req, status, durationMs / 1000, pattern);
  }

  return function requestLogger(incoming, response, next) {
    const req = incoming as LoggedRequest;
    const res = response as LoggedResponse;
    res[started] = performance.now();
    const id = requestIdFrom(req.headers['x-request-id']);
    req.id = id;
    res.setHeader('x-request-id', id);
    res.on('close', onClose);
    next?.();
  };
}
