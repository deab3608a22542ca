import type { Express, RequestHandler } from 'express';
import { bearerAuth, type NamedToken } from '@platform/auth';
import { ValidationError } from '@platform/errors';
import { createHttpApp, type Readiness } from '@platform/http';
import type { Logger } from '@platform/logging';
import { generatedItems, type ItemSource } from './items.js';
import { checkLength, type RequestLimits } from './request-limits.js';

export interface AppDeps {
  logger: Logger;
  readiness: Readiness;
  limits: RequestLimits;
  /** Accepted bearer tokens; undefined serves without (ALLOW_ANONYMOUS), as the gRPC side. */
  tokens: readonly (string | NamedToken)[] | undefined;
  items?: ItemSource;
  trustProxy?: string;
}

function lengthFrom(query: unknown, limits: RequestLimits): number {
  const raw = (query as Record<string, unknown>)['length'];
  if (typeof raw !== 'string' || !/^\d{1,10}$/.test(raw)) {
    throw new ValidationError([
      { path: 'length', message: `must be an integer from 0 to ${limits.maxLength}` },
    ]);
  }
  return checkLength(Number(raw), limits);
}

/**
 * The backend's HTTP side: /healthz, /readyz and GET /api/items?length=N, the REST/JSON
 * twin of getAll. It lives in the same process as the gRPC server and builds the same
 * items with the same code, so a benchmark of the two measures transport and encoding only.
 */
export function createApp(deps: AppDeps): Express {
  const { logger, readiness, limits, tokens, items = generatedItems, trustProxy } = deps;
  const guard: RequestHandler[] = tokens ? [bearerAuth({ tokens })] : [];
  return createHttpApp({
    logger,
    readiness,
    ...(trustProxy === undefined ? {} : { trustProxy }),
    routes: (router) => {
      router.get('/api/items', ...guard, async (req, res) => {
        const body = { items: await items.all(lengthFrom(req.query, limits)) };
        // Plain JSON.stringify: res.json's replacer would cost a call per key.
        res.type('application/json').send(JSON.stringify(body));
      });
    },
  });
}
