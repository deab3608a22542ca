import type { RequestHandler } from 'express';
import { UnsupportedMediaTypeError } from '@platform/errors';

/** 415 for a request that carries a body whose Content-Type is not JSON. */
export function requireJson(): RequestHandler {
  return (req, _res, next) => {
    const hasBody =
      req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (hasBody && !req.is(['application/json', 'application/*+json'])) {
      next(new UnsupportedMediaTypeError('application/json'));
      return;
    }
    next();
  };
}
