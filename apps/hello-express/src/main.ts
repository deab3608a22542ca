import path from 'node:path';
import { runService } from '@platform/http';
import { createApp } from './app.js';

await runService({
  app: 'hello-express',
  root: path.resolve(import.meta.dirname, '..'),
  shape: {},
  start: ({ settings, logger, readiness }) => ({
    handler: createApp({
      logger,
      readiness,
      bodyLimit: settings.BODY_LIMIT,
      trustProxy: settings.TRUST_PROXY,
    }),
  }),
});
