// A minimal service started by run-service.integration.test.ts in a child process.
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from '@platform/settings';
import { createHttpApp, runService } from '../src/index.js';

await runService({
  app: 'fixture',
  root: import.meta.dirname,
  shape: { GREETING: z.string().min(1) },
  start: ({ settings, logger, readiness }) => ({
    handler: createHttpApp({
      logger,
      readiness,
      routes: (router) => {
        router.get('/pid', (_req, res) => {
          res.json({ pid: process.pid, greeting: settings.GREETING });
        });
        router.get('/big', (_req, res) => {
          res.json({ text: 'x'.repeat(4_096) });
        });
        router.get('/busy', (_req, res) => {
          // Holds this worker's event loop, as a long synchronous task would.
          const end = Date.now() + 4_500;
          while (Date.now() < end);
          res.json({ pid: process.pid });
        });
        router.get('/slow', async (_req, res) => {
          await sleep(400);
          res.json({ done: true });
        });
      },
    }),
    close: () => logger.info('closed resources'),
  }),
});
