import type { Express } from 'express';
import { createHttpApp, type Readiness } from '@platform/http';
import type { Logger } from '@platform/logging';
import type { HitCounter } from './hit-counter.js';
import { hitsRoutes } from './hits-routes.js';

export interface AppDeps {
  logger: Logger;
  counter: HitCounter;
  /** Checks for /readyz; the caller registers the counter's store on it. */
  readiness?: Readiness;
  bodyLimit?: string;
  trustProxy?: string | boolean | number;
}

/** The counter's express app: GET / counts, plus /healthz, /readyz, logs and the error envelope. */
export function createApp(deps: AppDeps): Express {
  const { logger, counter, readiness, bodyLimit, trustProxy } = deps;
  return createHttpApp({
    logger,
    routes: hitsRoutes(counter),
    ...(readiness === undefined ? {} : { readiness }),
    ...(bodyLimit === undefined ? {} : { bodyLimit }),
    ...(trustProxy === undefined ? {} : { trustProxy }),
  });
}
