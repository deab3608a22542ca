import path from 'node:path';
import { runService } from '@platform/http';
import { createApp } from './app.js';

// Koa's callback() is a node:http request listener: runService gives it the platform's
// settings, logger, listening line, graceful shutdown and WEB_CONCURRENCY, like every service.
await runService({
  app: 'hello-koa',
  root: path.resolve(import.meta.dirname, '..'),
  shape: {},
  start: ({ logger, readiness }) => ({ handler: createApp({ logger, readiness }).callback() }),
});
