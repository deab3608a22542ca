import type { IncomingMessage, ServerResponse } from 'node:http';
import { context } from '@opentelemetry/api';
import { endHttpServerSpan, startHttpServerSpan } from './server-span.js';

type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };

function routeOf(req: RoutedRequest): string | undefined {
  const path = req.route?.path;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : undefined;
}

/**
 * Express middleware: a server span per request (child of an incoming valid `traceparent`),
 * active while the rest of the pipeline and the handler run, so log lines and outgoing calls
 * carry its trace; ended with the route pattern and status when the response is done.
 */
export function httpTracingMiddleware(): (
  req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
) => void {
  return (req, res, next) => {
    const spanContext = startHttpServerSpan(req.method, req.headers);
    res.once('close', () => {
      const status = !res.writableFinished && !res.headersSent ? 0 : res.statusCode;
      endHttpServerSpan(spanContext, req.method, routeOf(req), status);
    });
    context.with(spanContext, next);
  };
}
