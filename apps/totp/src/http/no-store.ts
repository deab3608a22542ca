import type { RequestHandler } from 'express';

/** Responses that carry secrets or verdicts are never cached by browsers or proxies. */
export function noStore(): RequestHandler {
  return (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  };
}
