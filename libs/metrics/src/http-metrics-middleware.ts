import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpMetrics } from './http-metrics.js';
import { routeLabel } from './route-label.js';

/**
 * Express middleware recording every request in http_server_request_duration_seconds and
 * http_server_requests_in_flight. Put it first, so refusals by later middleware count too.
 * Per request: one 'close' listener; the labels are read once the response is done.
 */
export function httpMetricsMiddleware(): (
  req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
) => void {
  httpMetrics.register();
  return (req, res, next) => {
    const startedAt = httpMetrics.start();
    // 'close' comes after 'finish' for an answered request, and alone for an abandoned one.
    res.once('close', () => {
      const status = !res.writableFinished && !res.headersSent ? 0 : res.statusCode;
      httpMetrics.finish(req.method, routeLabel(req), status, startedAt);
    });
    next();
  };
}
