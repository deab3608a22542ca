import type { ClientConfig } from 'pg';

/** The libpq-style settings db-api honours for its default database. */
export interface LibpqSettings {
  DATABASE_URL?: string | undefined;
  PGHOST?: string | undefined;
  PGPORT?: number | undefined;
  PGUSER?: string | undefined;
  PGPASSWORD?: string | undefined;
  PGDATABASE?: string | undefined;
  PGSSLMODE?: string | undefined;
}

/** Where the default database is: a URL, libpq fields, or the embedded engine. */
export type DefaultConnection = { kind: 'server'; connection: string | ClientConfig } | { kind: 'embedded' };

function sslFor(mode: string | undefined): ClientConfig['ssl'] {
  if (mode === 'require') return { rejectUnauthorized: false };
  if (mode === 'verify-ca' || mode === 'verify-full') return { rejectUnauthorized: true };
  return undefined;
}

/**
 * DATABASE_URL wins; otherwise PGHOST (with PGPORT, PGUSER, PGPASSWORD,
 * PGDATABASE, PGSSLMODE); with neither, the embedded PostgreSQL.
 */
export function defaultConnection(settings: LibpqSettings): DefaultConnection {
  if (settings.DATABASE_URL) return { kind: 'server', connection: settings.DATABASE_URL };
  if (!settings.PGHOST) return { kind: 'embedded' };
  const ssl = sslFor(settings.PGSSLMODE);
  return {
    kind: 'server',
    connection: {
      host: settings.PGHOST,
      port: settings.PGPORT ?? 5432,
      user: settings.PGUSER ?? 'postgres',
      database: settings.PGDATABASE ?? settings.PGUSER ?? 'postgres',
      ...(settings.PGPASSWORD ? { password: settings.PGPASSWORD } : {}),
      ...(ssl ? { ssl } : {}),
    },
  };
}

/** Where a connection goes, without credentials: for logs. */
export function describeConnection(connection: string | ClientConfig): string {
  if (typeof connection === 'string') {
    try {
      const url = new URL(connection);
      return `${url.hostname}:${url.port || 5432}${url.pathname}`;
    } catch {
      return '(unparsable URL)';
    }
  }
  return `${connection.host ?? 'localhost'}:${connection.port ?? 5432}/${connection.database ?? ''}`;
}
