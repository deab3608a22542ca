// The baseline: one bare express route answering what GET /check/:key answers, nothing else.
import express from 'express';

const app = express();
app.get('/check/:key', (_req, res) => {
  res.json({ status: true });
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  // ready
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
