import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { quoteIdentifier } from '../identifiers.js';

/** The server tests create their databases on: TEST_DATABASE_URL, or the local trust-auth PostgreSQL. */
export const testServerUrl =
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabaseOptions {
  /** Start of the database's name (a random suffix follows); default `test`. */
  prefix?: string;
  /** Where to create it; default `testServerUrl`. */
  serverUrl?: string;
}

export interface TestDatabase {
  /** The unique name, `<prefix>_<12 hex digits>`. */
  name: string;
  /** The server URL with this database as its path. */
  url: string;
  /** Drops the database, closing whatever is still connected to it; safe to call twice. */
  drop(): Promise<void>;
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database with a unique name on the test server, so test files can run in
 * parallel; drop it in `afterAll`.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const { prefix = 'test', serverUrl = testServerUrl } = options;
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const quoted = quoteIdentifier(name);
  await onServer(serverUrl, `CREATE DATABASE ${quoted}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`),
  };
}
