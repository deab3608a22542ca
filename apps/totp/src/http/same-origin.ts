import type { RequestHandler } from 'express';
import { CrossOriginError } from '../errors.js';

/**
 * Refuses browser requests sent from another site (CSRF): Sec-Fetch-Site must be
 * same-origin when present, and Origin must name this host when present.
 */
export function sameOrigin(): RequestHandler {
  return (req, _res, next) => {
    const site = req.get('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin') {
      next(new CrossOriginError());
      return;
    }
    const origin = req.get('origin');
    if (origin !== undefined) {
      let originHost: string | undefined;
      try {
        originHost = new URL(origin).host;
      } catch {
        originHost = undefined;
      }
      if (originHost === undefined || originHost !== req.get('host')) {
        next(new CrossOriginError());
        return;
      }
    }
    next();
  };
}
