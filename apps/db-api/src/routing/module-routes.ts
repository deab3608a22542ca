import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { bearerAuth, TokenVerifier, verifyBearer, type NamedToken } from '@platform/auth';
import { isDatabaseError } from '@platform/db';
import { MethodNotAllowedError, ValidationError } from '@platform/errors';
import { jsonBodyError, requireJson } from '@platform/http';
import { setRoutePattern, type Logger } from '@platform/logging';
import { ActionMetrics } from '../action-metrics.js';
import type { ActionDefinition } from '../actions/define-action.js';
import type { ModuleDefinition } from '../actions/define-module.js';
import type { DatabaseRegistry } from '../database/database-registry.js';
import { sendResult } from './send-result.js';
import { parseInput } from './parse-input.js';
import { runAction } from './run-action.js';

export interface ModuleRoutesOptions {
  modules: readonly ModuleDefinition[];
  databases: DatabaseRegistry;
  logger: Logger;
  /** Accepted bearer tokens; an empty list refuses every module request. */
  tokens: readonly (string | NamedToken)[];
  /** Mounts more routes behind the bearer check, before the module routes (the batch route). */
  afterAuth?: (router: Router) => void;
}

/** One action, with what its requests need worked out once. */
interface ActionRoute {
  path: string;
  name: string;
  action: ActionDefinition;
  fields: Readonly<Record<string, string>>;
  metrics: ActionMetrics;
}

const methodNotAllowed: RequestHandler = (_req, _res, next) => next(new MethodNotAllowedError(['POST']));

/** Validates, runs and answers one action; logs why a request failed before the error handler answers. */
async function serveAction(
  route: ActionRoute,
  req: IncomingMessage & { body?: unknown },
  res: ServerResponse,
  options: ModuleRoutesOptions,
): Promise<void> {
  const { databases, logger } = options;
  const requestId = req.id ?? '';
  const startedAt = route.metrics.start();
  try {
    const input = parseInput(route.action.input, req.body);
    const result = await runAction(route.action, input, { databases, logger, requestId });
    route.metrics.finish(startedAt);
    sendResult(res, result);
  } catch (error) {
    route.metrics.finish(startedAt, error);
    if (error instanceof ValidationError) {
      logger.warn(
        { ...route.fields, 'request.id': requestId, issues: error.issues },
        `Invalid input for ${route.name}`,
      );
    } else if (isDatabaseError(error)) {
      logger.error(
        { ...route.fields, 'request.id': requestId, code: error.code, 'db.sqlstate': error.sqlState },
        `Database error in ${route.name}: ${error.code}`,
      );
    }
    throw error;
  }
}

/**
 * The action routes as one table, looked up once per request: an exact `POST /<module>/<action>`
 * is authenticated, checked for a JSON body, validated, run and answered in one step, without
 * walking a middleware chain. Anything else (another method, another spelling of the path)
 * goes on to the express routes behind it, which answer the same way.
 */
function actionTable(routes: readonly ActionRoute[], options: ModuleRoutesOptions): RequestHandler {
  const byPath = new Map(routes.map((route) => [route.path, route]));
  const verifier = new TokenVerifier(options.tokens);
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST') {
      next();
      return;
    }
    const url = req.url;
    const query = url.indexOf('?');
    const route = byPath.get(query === -1 ? url : url.slice(0, query));
    if (route === undefined) {
      next();
      return;
    }
    setRoutePattern(req, route.path);
    const verdict = verifyBearer(verifier, req.headers.authorization);
    if (verdict.error) {
      next(verdict.error);
      return;
    }
    req.caller = verdict.caller;
    const refusal = jsonBodyError(req);
    if (refusal) {
      next(refusal);
      return;
    }
    serveAction(route, req, res, options).catch(next);
  };
}

/** The path of an action: `/<module>/<action>`, `/<module>/` for the module's '' action. */
export function actionPath(moduleName: string, actionName: string): string {
  return `/${moduleName}/${actionName}`;
}

/**
 * POST /<module>/ and POST /<module>/<action> for every module, behind the bearer check;
 * any other method on those paths is 405 with `Allow: POST`. Unknown paths fall through to
 * the app's 404 (ROUTE_NOT_FOUND) after the bearer check.
 */
export function mountModules(router: Router, options: ModuleRoutesOptions): void {
  const routes: ActionRoute[] = [];
  for (const module of options.modules) {
    for (const [actionName, action] of Object.entries(module.actions)) {
      // Fails at start-up, not at the first request, when an action names an unknown database.
      options.databases.get(action.database ?? 'default');
      routes.push({
        path: actionPath(module.name, actionName),
        name: `${module.name}/${actionName}`,
        action,
        fields: { 'db_api.module': module.name, 'db_api.action': actionName },
        metrics: new ActionMetrics(module.name, actionName),
      });
    }
  }
  router.use(actionTable(routes, options));
  router.use(bearerAuth({ tokens: options.tokens }));
  options.afterAuth?.(router);
  for (const route of routes) {
    // Full paths on one router, so the request log's http.route names module and action.
    router
      .route(route.path)
      .post(requireJson(), (req, res) => serveAction(route, req, res, options))
      .all(methodNotAllowed);
  }
}
