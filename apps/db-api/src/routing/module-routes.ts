import type { RequestHandler, Router } from 'express';
import { isDatabaseError } from '@platform/db';
import { MethodNotAllowedError, ValidationError } from '@platform/errors';
import { requireJson } from '@platform/http';
import type { Logger } from '@platform/logging';
import { ActionMetrics } from '../action-metrics.js';
import type { ActionDefinition } from '../actions/define-action.js';
import type { ModuleDefinition } from '../actions/define-module.js';
import type { DatabaseRegistry } from '../database/database-registry.js';
import { parseInput } from './parse-input.js';
import { runAction } from './run-action.js';

export interface ModuleRoutesOptions {
  modules: readonly ModuleDefinition[];
  databases: DatabaseRegistry;
  logger: Logger;
}

const methodNotAllowed: RequestHandler = (_req, _res, next) => next(new MethodNotAllowedError(['POST']));

function actionHandler(
  moduleName: string,
  actionName: string,
  action: ActionDefinition,
  options: ModuleRoutesOptions,
): RequestHandler {
  const { databases, logger } = options;
  const route = `${moduleName}/${actionName}`;
  const fields = { 'db_api.module': moduleName, 'db_api.action': actionName };
  const metrics = new ActionMetrics(moduleName, actionName);
  return async (req, res) => {
    const requestId = req.id ?? '';
    const startedAt = metrics.start();
    try {
      const input = parseInput(action.input, req.body);
      const result = await runAction(action, input, { databases, logger, requestId });
      metrics.finish(startedAt);
      res.json(result === undefined ? null : result);
    } catch (error) {
      metrics.finish(startedAt, error);
      if (error instanceof ValidationError) {
        logger.warn(
          { ...fields, 'request.id': requestId, issues: error.issues },
          `Invalid input for ${route}`,
        );
      } else if (isDatabaseError(error)) {
        logger.error(
          { ...fields, 'request.id': requestId, code: error.code, 'db.sqlstate': error.sqlState },
          `Database error in ${route}: ${error.code}`,
        );
      }
      throw error;
    }
  };
}

/**
 * POST /<module>/ and POST /<module>/<action> for every module; any other
 * method on those paths is 405 with `Allow: POST`. Unknown paths fall through
 * to the app's 404 (ROUTE_NOT_FOUND).
 */
export function mountModules(router: Router, options: ModuleRoutesOptions): void {
  for (const module of options.modules) {
    for (const [actionName, action] of Object.entries(module.actions)) {
      // Fails at start-up, not at the first request, when an action names an unknown database.
      options.databases.get(action.database ?? 'default');
      // Full paths on one router, so the request log's http.route names module and action.
      router
        .route(`/${module.name}/${actionName}`)
        .post(requireJson(), actionHandler(module.name, actionName, action, options))
        .all(methodNotAllowed);
    }
  }
}
