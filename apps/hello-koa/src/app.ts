import Koa from 'koa';
import { Router } from '@koa/router';
import { Readiness } from '@platform/http';
import type { Logger } from '@platform/logging';
import { isForwarded, metricsResponse } from '@platform/metrics';
import { greeting } from './greeting.js';
import {
  errorEnvelope,
  observe,
  requestLog,
  secureHeaders,
  unmatched,
  type HelloState,
} from './middleware.js';

export interface AppDeps {
  logger: Logger;
  readiness?: Readiness;
}

/**
 * The Koa hello service: GET /hello/:username as text/plain, GET /healthz and /readyz, the
 * platform's request logs, ids and error envelope. `app.callback()` is the node:http handler.
 */
export function createApp(deps: AppDeps): Koa<HelloState> {
  const { logger, readiness = new Readiness() } = deps;
  const router = new Router<HelloState>();

  router.get('/hello/:username', (ctx) => {
    const text = greeting('koa', ctx.params['username'] ?? '');
    // Set explicitly: Koa guesses text/html for a string body that starts with "<".
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = text;
  });
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/metrics', async (ctx) => {
    const metrics = await metricsResponse({
      authorization: ctx.get('authorization') || undefined,
      forwarded: isForwarded(ctx.req.headers),
    });
    ctx.set('cache-control', 'no-store');
    ctx.type = metrics.contentType;
    ctx.body = metrics.body;
  });
  router.get('/readyz', async (ctx) => {
    const report = await readiness.report();
    ctx.status = report.ready ? 200 : 503;
    ctx.body = { status: report.ready ? 'ready' : 'not ready', ...report };
  });

  const app = new Koa<HelloState>();
  // Errors are answered (and 5xx logged) by errorEnvelope; Koa's own printer stays quiet.
  app.silent = true;
  app.use(observe());
  app.use(requestLog(logger));
  app.use(secureHeaders());
  app.use(errorEnvelope(logger));
  app.use(unmatched());
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
