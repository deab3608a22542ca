// A second floor: the platform's own express stack (@platform/http: request logs, helmet,
// compression, JSON body parser, error envelope) with a route answering a constant. The gap between
// it and bare express is the shared stack; the gap between it and foo is db-api's own layer.
import { createHttpApp } from '@platform/http';
import { createLogger } from '@platform/logging';

const logger = createLogger({ app: 'platform-floor', environment: 'bench', level: 'info' });
const app = createHttpApp({
  logger,
  routes: (router) => {
    router.post('/constant', (_req, res) => {
      res.json({ ok: true });
    });
  },
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close());
