import type { Express } from 'express';
import { createHttpApp, type Readiness } from '@platform/http';
import type { Logger } from '@platform/logging';
import { greeting } from './greeting.js';

export interface AppDeps {
  logger: Logger;
  readiness?: Readiness;
  bodyLimit?: string;
  trustProxy?: string;
}

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
    },
  });
}
