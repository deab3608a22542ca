import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { Logger } from 'pino';

const REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/** An incoming x-request-id when it is sane, otherwise a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && REQUEST_ID.test(value) ? value : randomUUID();
}

type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string; originalUrl?: string };

function routeOf(req: RoutedRequest): string | undefined {
  const routePath = req.route?.path;
  return typeof routePath === 'string' ? `${req.baseUrl ?? ''}${routePath}` : undefined;
}

/**
 * One line per request with its id, method, route, status and duration.
 * The id is taken from x-request-id when present and echoed in the response.
 */
export function createRequestLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    genReqId: (req, res) => {
      const id = requestIdFrom(req.headers['x-request-id']);
      res.setHeader('x-request-id', id);
      return id;
    },
    customAttributeKeys: { reqId: 'request.id', responseTime: 'duration_ms' },
    customLogLevel: (_req, res, error) => {
      if (error || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return 'info';
    },
    customSuccessMessage: (req, res, responseTime) =>
      `${req.method} ${(req as RoutedRequest).originalUrl ?? req.url} ${res.statusCode} in ${Math.round(responseTime)} ms`,
    customErrorMessage: (req, res) =>
      `${req.method} ${(req as RoutedRequest).originalUrl ?? req.url} ${res.statusCode}`,
    customProps: (req) => {
      const route = routeOf(req as RoutedRequest);
      return route ? { 'http.route': route } : {};
    },
    serializers: {
      req: (req: IncomingMessage & { id?: unknown; raw?: IncomingMessage }) => ({
        id: req.id,
        method: req.method,
        url: (req.raw as RoutedRequest | undefined)?.originalUrl ?? req.url,
        remoteAddress: req.socket?.remoteAddress,
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    wrapSerializers: false,
  });
}
