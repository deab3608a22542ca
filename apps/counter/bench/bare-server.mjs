// The floor: an idiomatic express 5 route doing one INCR and answering the count as the counter
// does, nothing else (no logs, security headers or timeouts; etag and x-powered-by off).
import express from 'express';
import { Redis } from 'ioredis';

const port = Number(process.env.PORT ?? 0);
const redis = new Redis({ host: '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6379) });
const app = express();
app.set('etag', false);
app.set('x-powered-by', false);
app.get('/', async (_req, res) => {
  res.type('text/plain').send(`Hits: ${await redis.incr('bench:bare')}`);
});
const server = app.listen(port, '127.0.0.1', () => {
  console.log(`bare listening on http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => {
  server.close();
  redis.disconnect();
});
