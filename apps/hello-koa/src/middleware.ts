import type { Middleware } from 'koa';
import { context } from '@opentelemetry/api';
import { httpMetrics, UNMATCHED_ROUTE } from '@platform/metrics';
import { endHttpServerSpan, startHttpServerSpan } from '@platform/tracing';
import { MethodNotAllowedError, NotFoundError } from '@platform/errors';
import { errorBody, toAppError } from '@platform/http';
import { createRequestLogger, type Logger } from '@platform/logging';

export interface HelloState {
  requestId?: string;
}

/**
 * Metrics and a server span per request (a child of a valid incoming traceparent), the rest of the
 * chain running inside it; the route label is the router's matched pattern, else `unmatched`.
 */
export function observe(): Middleware<HelloState> {
  httpMetrics.register();
  return async (ctx, next) => {
    const startedAt = httpMetrics.start();
    const spanContext = startHttpServerSpan(ctx.method, ctx.req.headers);
    // Koa writes the response after the middleware promise settles, outside the span's context:
    // listeners added to the response from here on (the request log's) run inside the span.
    const res = context.bind(spanContext, ctx.res);
    res.once('close', () => {
      const status = !res.writableFinished && !res.headersSent ? 0 : res.statusCode;
      const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
      const route = typeof matched === 'string' ? matched : UNMATCHED_ROUTE;
      httpMetrics.finish(ctx.method, route, status, startedAt);
      endHttpServerSpan(spanContext, ctx.method, route, status);
    });
    await context.with(spanContext, next);
  };
}

/** The platform's request logger: an id per request, echoed, one line per answer. */
export function requestLog(logger: Logger): Middleware<HelloState> {
  const log = createRequestLogger(logger);
  return async (ctx, next) => {
    log(ctx.req, ctx.res);
    if (ctx.req.id) ctx.state.requestId = ctx.req.id;
    await next();
  };
}

/** Nothing is ever sniffed, framed or run as a page. */
export function secureHeaders(): Middleware<HelloState> {
  return async (ctx, next) => {
    ctx.set({
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'referrer-policy': 'no-referrer',
    });
    await next();
  };
}

/** Every error as the platform's JSON envelope; 5xx are logged and never detailed. */
export function errorEnvelope(logger: Logger): Middleware<HelloState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const appError = toAppError(error);
      if (appError.statusCode >= 500) {
        logger.error(
          { err: error, 'request.id': ctx.state.requestId, code: appError.code },
          `${ctx.method} ${ctx.path} failed`,
        );
      }
      ctx.status = appError.statusCode;
      ctx.set(appError.headers);
      ctx.body = errorBody(appError, ctx.state.requestId);
    }
  };
}

/** After the router: its bare 405 (with Allow) and an unmatched path become catalogue errors. */
export function unmatched(): Middleware<HelloState> {
  return async (ctx, next) => {
    await next();
    if (ctx.status === 405) {
      const allow = String(ctx.response.get('Allow') || 'GET, HEAD').split(/,\s*/);
      throw new MethodNotAllowedError(allow);
    }
    if (ctx.status === 404 && ctx.body === undefined) {
      throw new NotFoundError(`No route for ${ctx.method} ${ctx.path}`);
    }
  };
}
