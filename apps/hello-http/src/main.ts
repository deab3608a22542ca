import path from 'node:path';
import { runService } from '@platform/http';
import { createApp } from './app.js';

// The platform's life (settings, logger, listen, one "listening on" line, graceful shutdown)
// around a plain node:http request listener: runService takes any RequestListener.
await runService({
  app: 'hello-http',
  root: path.resolve(import.meta.dirname, '..'),
  shape: {},
  start: ({ logger, readiness }) => ({ handler: createApp({ logger, readiness }) }),
});
