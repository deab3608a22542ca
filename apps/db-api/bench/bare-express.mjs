// The floor for the benchmark: express with nothing but the route itself.
// POST /constant answers a constant; POST /users runs db-api's users query on a plain pg Pool.
import express from 'express';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_MAX ?? 10),
});
const app = express();

app.post('/constant', (_req, res) => {
  res.json({ ok: true });
});

app.post('/users', express.json(), async (req, res) => {
  const { rows } = await pool.query('SELECT name, email FROM users WHERE name = $1', [req.body.name]);
  res.json(rows);
});

const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => {
  console.log(`bare express listening on http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => {
  server.close();
  void pool.end();
});
