import type { RequestHandler, Router } from 'express';
import { isDatabaseError } from '@platform/db';
import { AppError, MethodNotAllowedError } from '@platform/errors';
import { requireJson, toAppError } from '@platform/http';
import type { Logger } from '@platform/logging';
import type { ModuleDefinition } from '../actions/define-module.js';
import type { DatabaseRegistry } from '../database/database-registry.js';
import { atIndex } from './batch-error.js';
import { actionTable, DEFAULT_BATCH_MAX_ITEMS, parseBatch, type BatchStep } from './batch-schema.js';
import { BatchFailure, runBatch } from './run-batch.js';

export interface BatchRouteOptions {
  modules: readonly ModuleDefinition[];
  databases: DatabaseRegistry;
  logger: Logger;
  /** Most items in one batch (default 50). */
  maxItems?: number;
}

const methodNotAllowed: RequestHandler = (_req, _res, next) => next(new MethodNotAllowedError(['POST']));

function logFailure(
  logger: Logger,
  error: AppError,
  original: unknown,
  requestId: string,
  step: BatchStep | undefined,
): void {
  const fields = {
    'request.id': requestId,
    code: error.code,
    ...(step ? { 'db_api.batch.index': step.index, 'db_api.action': step.name } : {}),
  };
  if (error.code === 'VALIDATION_FAILED') {
    logger.warn({ ...fields, issues: error.details?.['issues'] }, 'Invalid input in a batch');
  } else if (isDatabaseError(original)) {
    logger.error({ ...fields, 'db.sqlstate': original.sqlState }, `Database error in a batch: ${error.code}`);
  } else if (error.statusCode < 500) {
    logger.warn(fields, `Batch refused: ${error.code}`);
  }
}

/** Where a batch of actions is posted. */
export const BATCH_PATH = '/batch';

/**
 * POST /batch: `[{action: "<module>/<action>", input}, …]` run in order in one transaction;
 * answers `{results: [...]}` or the failing item's error with its `index`, nothing written.
 */
export function mountBatch(router: Router, options: BatchRouteOptions): void {
  const { databases, logger, maxItems = DEFAULT_BATCH_MAX_ITEMS } = options;
  const table = actionTable(options.modules);
  const handler: RequestHandler = async (req, res) => {
    const requestId = req.id ?? '';
    let steps: BatchStep[];
    try {
      steps = parseBatch(req.body, table, maxItems);
    } catch (error) {
      if (error instanceof AppError) logFailure(logger, error, error, requestId, undefined);
      throw error;
    }
    try {
      const results = await runBatch(steps, { databases, logger, requestId });
      res.json({ results });
    } catch (error) {
      if (!(error instanceof BatchFailure)) throw error;
      const appError = toAppError(error.error);
      const step = error.index === undefined ? undefined : steps[error.index];
      const answered = error.index === undefined ? appError : atIndex(appError, error.index);
      logFailure(logger, answered, error.error, requestId, step);
      throw answered;
    }
  };
  router.route(BATCH_PATH).post(requireJson(), handler).all(methodNotAllowed);
}
