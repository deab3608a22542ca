import { loadSettings } from '@platform/settings';
import { describe, expect, it } from 'vitest';
import { defaultConnection } from './database/connection-config.js';
import { databaseChoiceRule, namedDatabaseShape, settingsShape } from './settings.js';

const root = '/nonexistent';
const load = (env: Record<string, string>, names: string[] = []) =>
  loadSettings({ app: 'db-api', root, env, shape: { ...settingsShape, ...namedDatabaseShape(names) } });

describe('db-api settings', () => {
  it('parse a comma-separated token list, named or bare, and bounded pool defaults', () => {
    const settings = load({ BEARER: 'first-token-0123456789, reporting:second-token-0123456789' });
    expect(settings.BEARER).toEqual([
      { name: 'caller-1', token: 'first-token-0123456789' },
      { name: 'reporting', token: 'second-token-0123456789' },
    ]);
    expect(settings).toMatchObject({
      DB_POOL_MAX: 10,
      DB_ACQUIRE_TIMEOUT_MS: 2_000,
      DB_STATEMENT_TIMEOUT_MS: 5_000,
      DB_MAX_WAITING: 200,
      MIGRATE_ON_START: true,
    });
  });

  it('refuse a missing or short token, a bad URL, and name every problem', () => {
    expect(() => load({})).toThrow(/BEARER: is required/);
    expect(() => load({ BEARER: 'short' })).toThrow(/BEARER\.0: each token needs at least 16 characters/);
    expect(() => load({ BEARER: ',' })).toThrow(/BEARER: at least one bearer token is required/);
    expect(() => load({ BEARER: 'first-token-0123456789', DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL/,
    );
  });

  it('require DATABASE_URL_<NAME> for every further database the modules use', () => {
    expect(() => load({ BEARER: 'first-token-0123456789' }, ['reporting'])).toThrow(
      /DATABASE_URL_REPORTING: is required/,
    );
    const settings = load(
      { BEARER: 'first-token-0123456789', DATABASE_URL_REPORTING: 'postgres://u@db:5432/reports' },
      ['reporting'],
    );
    expect((settings as Record<string, unknown>)['DATABASE_URL_REPORTING']).toBe(
      'postgres://u@db:5432/reports',
    );
  });
});

describe('the database a start may use', () => {
  const loadWithRule = (env: Record<string, string>) =>
    loadSettings({ app: 'db-api', root, env, shape: settingsShape, rules: databaseChoiceRule });
  const token = { BEARER: 'first-token-0123456789' };

  it('refuses a production start without a database, naming the setting', () => {
    expect(() => loadWithRule({ ...token, ENVIRONMENT: 'production' })).toThrow(
      /DATABASE_URL: is required with ENVIRONMENT=production: the embedded in-memory database runs only in ENVIRONMENT=local/,
    );
    expect(() => loadWithRule({ ...token, ENVIRONMENT: 'local', EMBEDDED_DATABASE: 'false' })).toThrow(
      /DATABASE_URL: is required with EMBEDDED_DATABASE=false/,
    );
  });

  it('runs embedded in ENVIRONMENT=local, or anywhere when asked for by name, and never with a server set', () => {
    expect(loadWithRule({ ...token, ENVIRONMENT: 'local' }).EMBEDDED_DATABASE).toBeUndefined();
    expect(
      loadWithRule({ ...token, ENVIRONMENT: 'staging', EMBEDDED_DATABASE: 'true' }).EMBEDDED_DATABASE,
    ).toBe(true);
    expect(
      loadWithRule({ ...token, ENVIRONMENT: 'production', DATABASE_URL: 'postgres://u@db/app' }).DATABASE_URL,
    ).toBe('postgres://u@db/app');
    expect(loadWithRule({ ...token, ENVIRONMENT: 'production', PGHOST: 'db' }).PGHOST).toBe('db');
  });
});

describe('defaultConnection', () => {
  it('prefers DATABASE_URL, then the PG* variables, then the embedded engine', () => {
    expect(defaultConnection({ DATABASE_URL: 'postgres://a@h/db', PGHOST: 'other' })).toEqual({
      kind: 'server',
      connection: 'postgres://a@h/db',
    });
    expect(
      defaultConnection({
        PGHOST: 'db.internal',
        PGPORT: 6432,
        PGUSER: 'app',
        PGPASSWORD: 'pw',
        PGSSLMODE: 'require',
      }),
    ).toEqual({
      kind: 'server',
      connection: {
        host: 'db.internal',
        port: 6432,
        user: 'app',
        database: 'app',
        password: 'pw',
        ssl: { rejectUnauthorized: false },
      },
    });
    expect(defaultConnection({})).toEqual({ kind: 'embedded' });
  });
});
