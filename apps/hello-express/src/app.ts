import type { ErrorRequestHandler, Express } from 'express';
import { ValidationError } from '@platform/errors';
import { createHttpApp, type Readiness } from '@platform/http';
import type { Logger } from '@platform/logging';
import { greeting } from './greeting.js';

export interface AppDeps {
  logger: Logger;
  readiness?: Readiness;
  bodyLimit?: string;
  trustProxy?: string;
}

/** express' router fails to decode a malformed %-escape with a URIError: a bad request, not a 500. */
const malformedUrl: ErrorRequestHandler = (error, _req, _res, next) => {
  next(
    error instanceof URIError
      ? new ValidationError([{ path: 'url', message: 'expected valid percent-encoding' }])
      : error,
  );
};

/** The express hello service: GET /hello/:username as text/plain, plus the platform's health routes. */
export function createApp(deps: AppDeps): Express {
  return createHttpApp({
    ...deps,
    routes: (router) => {
      router.get('/hello/:username', (req, res) => {
        const text = greeting('express', req.params.username);
        // text/plain (never express' default text/html for a string) and helmet's nosniff.
        res.type('text/plain; charset=utf-8').send(text);
      });
      router.use(malformedUrl);
    },
  });
}
