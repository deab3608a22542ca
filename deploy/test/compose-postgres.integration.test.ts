import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@platform/http/testing';
import { deployRoot } from './support/paths.js';
import { Replica } from './support/replica.js';
import { runCommand } from './support/run-command.js';

// compose's PostgreSQL init script (deploy/compose/postgres/initdb/) run as the image runs it, on
// the local PostgreSQL, under names of its own; then db-api on the role it created.

const admin = new URL(process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const suffix = randomBytes(4).toString('hex');
const role = `deploy_db_api_${suffix}`;
const database = `deploy_db_api_${suffix}`;
const password = `pw${suffix}`;
const roleUrl = (() => {
  const url = new URL(admin);
  url.username = role;
  url.password = password;
  url.pathname = `/${database}`;
  return url.toString();
})();
const token = randomBytes(24).toString('hex');
let replica: Replica | undefined;

function sqlAs(url: string, sql: string) {
  return runCommand('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qtAc', sql]);
}

beforeAll(async () => {
  const script = path.join(deployRoot, 'compose', 'postgres', 'initdb', '10-db-api.sh');
  const result = await runCommand('sh', [script], {
    env: {
      PATH: process.env['PATH'],
      POSTGRES_USER: decodeURIComponent(admin.username) || 'postgres',
      POSTGRES_DB: admin.pathname.slice(1) || 'postgres',
      PGHOST: admin.hostname,
      PGPORT: admin.port || '5432',
      DB_API_DATABASE_USER: role,
      DB_API_DATABASE_NAME: database,
      DB_API_DATABASE_PASSWORD: password,
    },
  });
  if (result.code !== 0) throw new Error(`the init script failed: ${result.stderr}`);
});

afterAll(async () => {
  await replica?.stop().catch(() => replica?.kill());
  await sqlAs(admin.toString(), `drop database if exists "${database}" with (force)`);
  await sqlAs(admin.toString(), `drop role if exists "${role}"`);
});

describe('the PostgreSQL role compose gives db-api', () => {
  it('is an ordinary role: no superuser, role, database or replication rights', async () => {
    const result = await sqlAs(
      admin.toString(),
      `select rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolcanlogin from pg_roles where rolname = '${role}'`,
    );
    expect(result.stdout.trim()).toBe('f|f|f|f|t');
  });

  it('cannot do what a superuser could: run a program on the database server, or read its files', async () => {
    const program = await sqlAs(roleUrl, `copy (select 1) to program 'id'`);
    expect(program.code).not.toBe(0);
    expect(program.stderr).toMatch(/permission denied|must be superuser/i);
    const file = await sqlAs(roleUrl, `select pg_read_file('/etc/passwd')`);
    expect(file.code).not.toBe(0);
    expect(file.stderr).toMatch(/permission denied/i);
    const otherDatabase = await sqlAs(roleUrl, `create database "${database}_2"`);
    expect(otherDatabase.stderr).toMatch(/permission denied/i);
  });

  it('owns its database and its public schema, and other ordinary roles may not connect', async () => {
    const owners = await sqlAs(
      roleUrl,
      `select pg_get_userbyid(d.datdba), has_schema_privilege(current_user, 'public', 'CREATE'),
              has_database_privilege('public', current_database(), 'CONNECT')
         from pg_database d where d.datname = current_database()`,
    );
    expect(owners.stdout.trim()).toBe(`${role}|t|f`);
  });

  it('is enough for db-api: it migrates its schema and serves requests', async () => {
    replica = new Replica({
      app: 'db-api',
      port: await freePort(),
      env: {
        ENVIRONMENT: 'test',
        BEARER: token,
        DATABASE_URL: roleUrl,
        MIGRATE_ON_START: 'true',
        LOG_LEVEL: 'warn',
        DB_POOL_MAX: '2',
      },
    });
    await replica.start();
    const response = await fetch(`${replica.url}/example/foo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'role-check' }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const tables = await sqlAs(roleUrl, `select tableowner from pg_tables where tablename = 'users'`);
    expect(tables.stdout.trim()).toBe(role);
  });
});
