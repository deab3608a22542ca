import { acceptedTokensSetting } from '@platform/auth';
import { envBoolean, z, type SettingsProblem } from '@platform/settings';

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'a postgres:// or postgresql:// URL');

const milliseconds = (fallback: number, max = 600_000) =>
  z.coerce.number().int().min(0).max(max).default(fallback);

/** db-api's own settings, on top of the platform's base settings. */
export const settingsShape = {
  /**
   * Accepted bearer tokens, comma-separated (old and new during a rotation), each `name:token` or a
   * bare token (named caller-1, caller-2… by position); the request line names the caller.
   */
  BEARER: acceptedTokensSetting.refine(
    (tokens) => tokens.length > 0,
    'at least one bearer token is required',
  ),
  /**
   * The default database. With neither this nor PGHOST, an embedded PostgreSQL (PGlite) is used in
   * ENVIRONMENT=local (or with EMBEDDED_DATABASE=true); anywhere else the app refuses to start.
   */
  DATABASE_URL: postgresUrl.optional(),
  PGHOST: z.string().min(1).optional(),
  PGPORT: z.coerce.number().int().min(1).max(65_535).optional(),
  PGUSER: z.string().min(1).optional(),
  PGPASSWORD: z.string().min(1).optional(),
  PGDATABASE: z.string().min(1).optional(),
  PGSSLMODE: z.enum(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']).optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(1_000).default(10),
  /** Longest wait for a connection; past it the request gets 503 with Retry-After. */
  DB_ACQUIRE_TIMEOUT_MS: milliseconds(2_000, 60_000),
  /** Server-side bound on each statement; past it the request gets 504. 0 turns it off. */
  DB_STATEMENT_TIMEOUT_MS: milliseconds(5_000),
  DB_IDLE_TIMEOUT_MS: milliseconds(30_000),
  /** Requests waiting for a connection at once, per database; more get 503 at once. */
  DB_MAX_WAITING: z.coerce.number().int().min(0).max(100_000).default(200),
  /**
   * Prepare each statement with parameters once per connection (parsed and planned once).
   * false behind PgBouncer in transaction mode before 1.21, which cannot keep them.
   */
  DB_PREPARED_STATEMENTS: envBoolean.default(true),
  /** Most items in one POST /batch (one transaction). */
  BATCH_MAX_ITEMS: z.coerce.number().int().min(1).max(1_000).default(50),
  /** Apply pending migrations at start-up (under an advisory lock); off where a deploy step migrates. */
  MIGRATE_ON_START: envBoolean.default(true),
  /** Longest wait for another replica's migration lock and for table locks during a migration. */
  MIGRATION_LOCK_TIMEOUT_MS: milliseconds(60_000),
  /** true: the embedded database even outside ENVIRONMENT=local (a demo, a throwaway); false: never. */
  EMBEDDED_DATABASE: envBoolean.optional(),
  /** Keep the embedded database in this folder; unset keeps it in memory (lost at exit). */
  EMBEDDED_DATA_DIR: z.string().min(1).optional(),
} as const;

/** `DATABASE_URL_<NAME>` for every further database the modules use. */
export function namedDatabaseShape(
  names: readonly string[],
): Record<`DATABASE_URL_${string}`, typeof postgresUrl> {
  return Object.fromEntries(names.map((name) => [databaseUrlVariable(name), postgresUrl]));
}

export function databaseUrlVariable(name: string): `DATABASE_URL_${string}` {
  return `DATABASE_URL_${name.toUpperCase().replaceAll('-', '_')}`;
}

interface DatabaseChoice {
  ENVIRONMENT: string;
  DATABASE_URL?: string | undefined;
  PGHOST?: string | undefined;
  EMBEDDED_DATABASE?: boolean | undefined;
}

/**
 * A missing database is a start-up error outside ENVIRONMENT=local: the
 * embedded database keeps its data in memory, so a production start that
 * forgot DATABASE_URL would report ready and lose everything at restart.
 */
export function databaseChoiceRule(settings: DatabaseChoice): readonly SettingsProblem[] {
  if (settings.DATABASE_URL || settings.PGHOST) return [];
  if (settings.EMBEDDED_DATABASE === true) return [];
  if (settings.EMBEDDED_DATABASE === undefined && settings.ENVIRONMENT === 'local') return [];
  const why =
    settings.EMBEDDED_DATABASE === false
      ? 'EMBEDDED_DATABASE=false'
      : `ENVIRONMENT=${settings.ENVIRONMENT}: the embedded in-memory database runs only in ENVIRONMENT=local or with EMBEDDED_DATABASE=true`;
  return [
    { name: 'DATABASE_URL', message: `is required with ${why} (or set PGHOST and the other PG* variables)` },
  ];
}
