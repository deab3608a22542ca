import { UnsafeStatementError } from './database-error.js';

/** PostgreSQL silently truncates longer identifiers (NAMEDATALEN - 1 bytes), which could hit another object. */
const MAX_IDENTIFIER_BYTES = 63;

/** An identifier as PostgreSQL reads it: double-quoted, inner quotes doubled. */
export function quoteIdentifier(name: string): string {
  if (name.length === 0 || Buffer.byteLength(name) > MAX_IDENTIFIER_BYTES || name.includes('\0')) {
    throw new UnsafeStatementError(`Not a valid SQL identifier: ${JSON.stringify(name.slice(0, 70))}`);
  }
  return `"${name.replaceAll('"', '""')}"`;
}

/** `table` or `schema.table`, each part quoted. */
export function quoteQualifiedName(name: string): string {
  const parts = name.split('.');
  if (parts.length > 2) {
    throw new UnsafeStatementError(
      `Expected "table" or "schema.table", got ${JSON.stringify(name.slice(0, 140))}`,
    );
  }
  return parts.map(quoteIdentifier).join('.');
}
