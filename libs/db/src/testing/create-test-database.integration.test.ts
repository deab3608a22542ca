import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, testServerUrl } from '../testing.js';

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: testServerUrl });
  await client.connect();
  try {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return result.rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('creates an empty database of a unique name that its URL connects to, and drops it', async () => {
    const testDb = await createTestDatabase({ prefix: 'testing_entry' });
    try {
      expect(testDb.name).toMatch(/^testing_entry_[0-9a-f]{12}$/);
      const client = new pg.Client({ connectionString: testDb.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ db: string; tables: string }>(
          `SELECT current_database() AS db,
                  (SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public') AS tables`,
        );
        expect(rows[0]).toEqual({ db: testDb.name, tables: '0' });
      } finally {
        await client.end();
      }
      expect(await databaseExists(testDb.name)).toBe(true);
    } finally {
      await testDb.drop();
    }
    expect(await databaseExists(testDb.name)).toBe(false);
  });

  it('gives every call its own database', async () => {
    const [one, two] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      expect(one.name).toMatch(/^test_[0-9a-f]{12}$/);
      expect(one.name).not.toBe(two.name);
      expect(one.url).not.toBe(two.url);
    } finally {
      await Promise.all([one.drop(), two.drop()]);
    }
  });

  it('drops a database that still has connections, and a second drop does nothing', async () => {
    const testDb = await createTestDatabase();
    const client = new pg.Client({ connectionString: testDb.url });
    client.on('error', () => {}); // the forced drop ends this connection
    await client.connect();
    await testDb.drop();
    await testDb.drop();
    expect(await databaseExists(testDb.name)).toBe(false);
    await client.end().catch(() => {});
  });

  it('refuses a prefix that would make an unsafe name, with UNSAFE_STATEMENT, creating nothing', async () => {
    await expect(createTestDatabase({ prefix: 'x'.repeat(60) })).rejects.toMatchObject({
      code: 'UNSAFE_STATEMENT',
    });
  });
});
