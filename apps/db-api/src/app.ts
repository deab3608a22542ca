import type { Express } from 'express';
import type { NamedToken } from '@platform/auth';
import { createHttpApp, Readiness } from '@platform/http';
import type { Logger } from '@platform/logging';
import type { ModuleDefinition } from './actions/define-module.js';
import type { DatabaseRegistry } from './database/database-registry.js';
import { modules as registeredModules } from './modules/index.js';
import { openApiDocument } from './openapi/openapi-document.js';
import { BATCH_PATH, mountBatch } from './routing/batch-route.js';
import { actionPath, mountModules } from './routing/module-routes.js';

export interface AppDeps {
  logger: Logger;
  databases: DatabaseRegistry;
  /** Accepted bearer tokens (bare ones named caller-1… by position); an empty list refuses every module request. */
  tokens: readonly (string | NamedToken)[];
  readiness?: Readiness;
  /** The modules to serve; the registered ones by default. */
  modules?: readonly ModuleDefinition[];
  bodyLimit?: string;
  /** Most items in one POST /batch (default 50). */
  batchMaxItems?: number;
  trustProxy?: string | boolean | number;
}

/** The db-api express app: /openapi.json, then the bearer check, then POST /<module>/<action>. */
export function createApp(deps: AppDeps): Express {
  const { logger, databases, tokens, readiness = new Readiness(), modules = registeredModules } = deps;
  const openapi = openApiDocument(modules, { batchMaxItems: deps.batchMaxItems });
  // A request refused before its action runs (a body over the limit, invalid JSON) is logged and
  // counted under its action's route, not as unmatched.
  const postPaths = new Set([
    BATCH_PATH,
    ...modules.flatMap((module) =>
      Object.keys(module.actions).map((action) => actionPath(module.name, action)),
    ),
  ]);
  const app = createHttpApp({
    logger,
    readiness,
    routeOf: (method, path) => (method === 'POST' && postPaths.has(path) ? path : undefined),
    ...(deps.bodyLimit ? { bodyLimit: deps.bodyLimit } : {}),
    ...(deps.trustProxy === undefined ? {} : { trustProxy: deps.trustProxy }),
    routes: (router) => {
      router.get('/openapi.json', (_req, res) => {
        res.json(openapi);
      });
      mountModules(router, {
        modules,
        databases,
        logger,
        tokens,
        // Behind the same bearer check as the module routes.
        afterAuth: (authenticated) =>
          mountBatch(authenticated, {
            modules,
            databases,
            logger,
            ...(deps.batchMaxItems === undefined ? {} : { maxItems: deps.batchMaxItems }),
          }),
      });
    },
  });
  return app;
}
