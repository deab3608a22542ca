import { performance } from 'node:perf_hooks';
import type { Express, Request, Response } from 'express';
import { ApiError } from '@platform/api-client';
import { ValidationError, type AppError } from '@platform/errors';
import { createHttpApp, toAppError, type Readiness } from '@platform/http';
import type { Logger } from '@platform/logging';
import { renderErrorPage } from './error-page.js';
import { renderHomePage } from './home-page.js';
import { loadHome, type PageApi } from './load-home.js';

export interface AppDeps {
  logger: Logger;
  readiness: Readiness;
  api: PageApi;
  /** Shown in the footer, e.g. grpc://backend:50051. */
  backend: string;
  /** Bound on the backend calls of one page. */
  deadlineMs?: number;
  /** The name greeted when ?name= is absent, as the original page. */
  defaultName?: string;
  maxNameLength?: number;
  trustProxy?: string;
}

const titles: Record<number, string> = {
  400: 'That name cannot be used',
  502: 'The backend is unavailable',
  504: 'The backend did not answer in time',
};

const details: Record<number, string> = {
  502: 'The page could not get its data from the gRPC backend. It is probably down or restarting.',
  504: 'The gRPC backend is too slow right now, so the page stopped waiting for it.',
};

function nameFrom(req: Request, fallback: string, maxLength: number): string {
  const name = req.query['name'];
  if (name === undefined || name === '') return fallback;
  if (typeof name !== 'string' || name.length > maxLength) {
    throw new ValidationError(
      [{ path: 'name', message: `must be one text of at most ${maxLength} characters` }],
      `The name must be one text of at most ${maxLength} characters.`,
    );
  }
  return name;
}

/** Any failure of the backend is a bad gateway (or a timeout) to the visitor. */
function pageStatusOf(error: AppError): number {
  if (error instanceof ApiError) return error.statusCode === 504 ? 504 : 502;
  return error.statusCode < 500 ? error.statusCode : 500;
}

/** An AbortSignal that fires when the visitor goes away before the page is sent. */
function visitorGone(res: Response): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/**
 * The seed's frontend: GET / renders sayHello(name), getAll(10) and getStream(5) from
 * the gRPC backend as one server-rendered page. When the backend is down or slow the
 * page answers 502/504 within its deadline, and tries again by itself.
 */
export function createApp(deps: AppDeps): Express {
  const {
    logger,
    readiness,
    api,
    backend,
    deadlineMs = 2_000,
    defaultName = 'Gonzalo',
    maxNameLength = 100,
    trustProxy,
  } = deps;
  return createHttpApp({
    logger,
    readiness,
    ...(trustProxy === undefined ? {} : { trustProxy }),
    routes: (router) => {
      router.get('/', async (req, res) => {
        const started = performance.now();
        res.set('cache-control', 'no-store');
        try {
          const name = nameFrom(req, defaultName, maxNameLength);
          const data = await loadHome(api, {
            name,
            allLength: 10,
            streamLength: 5,
            deadlineMs,
            signal: visitorGone(res),
            requestId: req.id,
          });
          const elapsedMs = Math.round(performance.now() - started);
          res
            .type('html')
            .send(renderHomePage({ ...data, name, allLength: 10, streamLength: 5, backend, elapsedMs }));
        } catch (caught) {
          const error = toAppError(caught);
          const statusCode = pageStatusOf(error);
          if (statusCode >= 500) {
            logger.warn(
              { 'request.id': req.id, code: error.code, err: caught },
              `page failed: ${error.code}`,
            );
          }
          if (res.headersSent || res.writableEnded) return;
          const retryAfterSeconds = statusCode >= 500 ? 5 : undefined;
          if (retryAfterSeconds) res.set('retry-after', String(retryAfterSeconds));
          res
            .status(statusCode)
            .type('html')
            .send(
              renderErrorPage({
                statusCode,
                title: titles[statusCode] ?? 'Something went wrong',
                detail: details[statusCode] ?? error.message,
                retryAfterSeconds,
              }),
            );
        }
      });
    },
  });
}
