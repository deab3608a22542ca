// The database a db-api benchmark script makes for itself on the PostgreSQL server at
// BENCH_DATABASE_URL (default the local test server), seeds, and drops at the end.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Users seeded by seedUsers: names '1'…'1000', the ones post.lua and the scripts pick at random. */
export const USERS = 1000;

export class BenchDatabase {
  /** A database named `<prefix>_<random>`, not made yet (create()). */
  constructor(prefix) {
    this.serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    this.name = `${prefix}_${randomBytes(4).toString('hex')}`;
    this.url = Object.assign(new URL(this.serverUrl), { pathname: `/${this.name}` }).toString();
  }

  /** Runs one statement on the server's own database, on a connection of its own. */
  async onServer(sql) {
    const client = new pg.Client({ connectionString: this.serverUrl });
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  }

  create() {
    return this.onServer(`CREATE DATABASE "${this.name}"`);
  }

  /** Drops it whatever holds it open; never throws (it runs while a script cleans up). */
  drop() {
    return this.onServer(`DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`).catch(() => undefined);
  }

  /** USERS rows in db-api's users table (which db-api's migrations made). */
  async seedUsers() {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO users (name, email) SELECT g::text, g || '@example.com' FROM generate_series(1, ${USERS}) g`,
      );
    } finally {
      await client.end();
    }
  }
}
