import type { Request, RequestHandler } from 'express';
import { UnsupportedMediaTypeError } from '@platform/errors';

const JSON_TYPES = ['application/json', 'application/*+json'];

/** The 415 for a request that carries a body whose Content-Type is not JSON; undefined otherwise. */
export function jsonBodyError(req: Request): UnsupportedMediaTypeError | undefined {
  const headers = req.headers;
  const length = headers['content-length'];
  const hasBody = headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
  if (!hasBody) return undefined;
  const type = headers['content-type'];
  if (type === 'application/json' || type === 'application/json; charset=utf-8') return undefined;
  return req.is(JSON_TYPES) ? undefined : new UnsupportedMediaTypeError('application/json');
}

/** 415 for a request that carries a body whose Content-Type is not JSON. */
export function requireJson(): RequestHandler {
  return (req, _res, next) => {
    next(jsonBodyError(req));
  };
}
