// The floor for the benchmark: an idiomatic express 5 app doing the same work as db-api's actions,
// with nothing else (express.json(), res.json(), etag and x-powered-by off).
// POST /example/foo echoes the name and e-mail with the server time, as db-api's foo;
// POST /example/users runs db-api's users query on a plain pg Pool;
// POST /example/bar runs bar's statements (the upsert in BEGIN … COMMIT, then the select) on it.
import express from 'express';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_MAX ?? 10),
});
const app = express();
app.set('etag', false);
app.set('x-powered-by', false);

app.post('/example/foo', express.json(), (req, res) => {
  const { name, email } = req.body;
  res.json({ name, email: email ?? false, time: new Date() });
});

app.post('/example/users', express.json(), async (req, res) => {
  const { rows } = await pool.query('SELECT name, email FROM users WHERE name = $1', [req.body.name]);
  res.json(rows);
});

app.post('/example/bar', express.json(), async (req, res) => {
  const { name, email = null } = req.body;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      'INSERT INTO "users" ("name", "email") VALUES ($1, $2) ON CONFLICT ("name") DO UPDATE SET "email" = EXCLUDED."email"',
      [name, email],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  const { rows } = await pool.query('SELECT name, email FROM users WHERE name = $1', [name]);
  res.json(rows);
});

const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => {
  console.log(`bare express listening on http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => {
  server.close();
  void pool.end();
});
