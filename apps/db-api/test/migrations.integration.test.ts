import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@platform/db/testing';
import { waitFor } from '@platform/http/testing';
import { captureLogger } from '@platform/logging/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/database/migrate.js';
import { MigrationRunner } from '../src/database/migration-runner.js';
import { appRoot } from './support/start-app.js';
import { startTcpProxy } from './support/tcp-proxy.js';

const dir = path.join(appRoot, 'migrations/default');
// Every migration of the app (generated modules add theirs), in the order they apply.
const migrations = readdirSync(dir)
  .filter((file) => file.endsWith('.sql'))
  .map((file) => file.replace(/\.sql$/, ''))
  .sort();
const { logger } = captureLogger({ app: 'db-api' });
const created: TestDatabase[] = [];

async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase({ prefix: 'db_api' });
  created.push(database);
  return database;
}

async function scalar(url: string, sql: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows[0]?.value;
  } finally {
    await client.end();
  }
}

let brokenDir: string;

beforeAll(() => {
  brokenDir = mkdtempSync(path.join(tmpdir(), 'db-api-broken-migrations-'));
  writeFileSync(path.join(brokenDir, '1700000000000_broken.sql'), '-- Up Migration\nCREATE TABLE (;\n');
});

afterAll(async () => {
  rmSync(brokenDir, { recursive: true, force: true });
  await Promise.all(created.map((database) => database.drop()));
});

describe('migrate', () => {
  it('applies each migration once when ten replicas start together', async () => {
    const { url } = await freshDatabase();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => migrate({ connection: url, dir, logger, lockTimeoutMs: 20_000 })),
    );
    expect(migrations[0]).toBe('1767225600000_create-users');
    expect(results.filter((applied) => applied.length > 0)).toEqual([migrations]);
    expect(await scalar(url, 'SELECT count(*)::int AS value FROM pgmigrations')).toBe(migrations.length);
    expect(await scalar(url, "SELECT to_regclass('public.users')::text AS value")).toBe('users');
    expect(await migrate({ connection: url, dir, logger, lockTimeoutMs: 1_000 })).toEqual([]);
  });

  it('rolls a failing migration back and reports it', async () => {
    const { url } = await freshDatabase();
    await expect(
      migrate({ connection: url, dir: brokenDir, logger, lockTimeoutMs: 1_000 }),
    ).rejects.toThrow();
    expect(await scalar(url, 'SELECT count(*)::int AS value FROM pgmigrations')).toBe(0);
  });
});

describe('MigrationRunner', () => {
  it('starts not done while the database is unreachable, then migrates once it is back', async () => {
    const { url } = await freshDatabase();
    const target = new URL(url);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    try {
      proxy.cut();
      target.host = `127.0.0.1:${proxy.port}`;
      const runner = new MigrationRunner({
        connection: target.toString(),
        dir,
        logger,
        lockTimeoutMs: 5_000,
        initialDelayMs: 50,
        maxDelayMs: 200,
      });
      await runner.start();
      expect(runner.done).toBe(false);
      proxy.restore();
      await waitFor('the migrations to finish', () => runner.done).finally(() => runner.stop());
      expect(runner.done).toBe(true);
      expect(await scalar(url, "SELECT to_regclass('public.users')::text AS value")).toBe('users');
    } finally {
      await proxy.close();
    }
  });

  it('stops the start when a migration itself fails', async () => {
    const { url } = await freshDatabase();
    const runner = new MigrationRunner({ connection: url, dir: brokenDir, logger, lockTimeoutMs: 1_000 });
    await expect(runner.start()).rejects.toThrow();
    expect(runner.done).toBe(false);
  });
});
