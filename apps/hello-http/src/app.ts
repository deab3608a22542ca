import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { context } from '@opentelemetry/api';
import { MethodNotAllowedError, NotFoundError, ValidationError } from '@platform/errors';
import { Readiness } from '@platform/http';
import { createRequestLogger, type Logger } from '@platform/logging';
import { httpMetrics, metricsHandler, UNMATCHED_ROUTE } from '@platform/metrics';
import { endHttpServerSpan, startHttpServerSpan } from '@platform/tracing';
import { greeting } from './greeting.js';
import { secureHeaders, sendError, sendJson, sendText } from './respond.js';

export interface AppDeps {
  logger: Logger;
  readiness?: Readiness;
}

const HELLO = /^\/hello\/([^/]+)$/;
const READ_METHODS = ['GET', 'HEAD'];

/** The route pattern of a path, for metrics and spans; never the path itself. */
function routeOf(path: string): string {
  if (HELLO.test(path)) return '/hello/:username';
  return path === '/healthz' || path === '/readyz' || path === '/metrics' ? path : UNMATCHED_ROUTE;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ValidationError([{ path: 'url', message: 'expected valid percent-encoding' }]);
  }
}

/**
 * The hello service on plain node:http: GET /hello/:username as text/plain,
 * GET /healthz and /readyz, the platform's request logs, ids and error envelope.
 */
export function createApp(deps: AppDeps): RequestListener {
  const { logger, readiness = new Readiness() } = deps;
  const requestLogger = createRequestLogger(logger);
  const metrics = metricsHandler();

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const head = req.method === 'HEAD';
    const hello = HELLO.exec(path);
    const known = hello !== null || path === '/healthz' || path === '/readyz' || path === '/metrics';
    if (!known) throw new NotFoundError(`No route for ${req.method} ${path}`);
    if (!READ_METHODS.includes(req.method ?? '')) throw new MethodNotAllowedError(READ_METHODS);
    if (path === '/metrics') {
      await new Promise<void>((resolve, reject) => {
        res.once('finish', resolve);
        metrics(req, res, reject);
      });
      return;
    }

    if (hello) {
      sendText(res, greeting('node:http', decodeSegment(hello[1] ?? '')), head);
    } else if (path === '/healthz') {
      sendJson(res, 200, { status: 'ok' }, head);
    } else {
      const report = await readiness.report();
      sendJson(
        res,
        report.ready ? 200 : 503,
        { status: report.ready ? 'ready' : 'not ready', ...report },
        head,
      );
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    // Sets req.id (an incoming x-request-id when sane), echoes it, logs one line when the answer ends.
    requestLogger(req, res);
    secureHeaders(res);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    route(req, res, path).catch((error: unknown) => {
      sendError(res, error, { logger, requestId: req.id, method: req.method ?? 'GET', url: path });
    });
  }

  return (req, res) => {
    // The request's metrics and server span (a child of a valid incoming traceparent), inline.
    const startedAt = httpMetrics.start();
    const spanContext = startHttpServerSpan(req.method, req.headers);
    res.once('close', () => {
      const status = !res.writableFinished && !res.headersSent ? 0 : res.statusCode;
      const route = routeOf((req.url ?? '/').split('?')[0] ?? '/');
      httpMetrics.finish(req.method, route, status, startedAt);
      endHttpServerSpan(spanContext, req.method, route, status);
    });
    context.with(spanContext, handle, undefined, req, res);
  };
}
