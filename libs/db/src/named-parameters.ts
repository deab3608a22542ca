import { AppError } from '@platform/errors';

/** A statement whose `:name` placeholders became `$n`, with the names in order. */
export interface CompiledStatement {
  text: string;
  names: readonly string[];
}

const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;
const CACHE_LIMIT = 1_000;
const cache = new Map<string, CompiledStatement>();

/** Index just past a quoted section that started at `start` (quote char at `start`). */
function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const char = sql[i];
    if (backslashEscapes && char === '\\') {
      i += 2;
      continue;
    }
    if (char === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  return sql.length;
}

/** Index just past a dollar-quoted body ($tag$...$tag$), or undefined when `$` starts no such quote. */
function skipDollarQuoted(sql: string, start: number): number | undefined {
  const match = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(start, start + 66));
  if (!match) return undefined;
  const tag = match[0];
  const end = sql.indexOf(tag, start + tag.length);
  return end === -1 ? sql.length : end + tag.length;
}

function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth += 1;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else {
      i += 1;
    }
  }
  return sql.length;
}

function compileUncached(sql: string): CompiledStatement {
  const names: string[] = [];
  let text = '';
  let i = 0;
  let copiedUpTo = 0;
  while (i < sql.length) {
    const char = sql[i] as string;
    const previous = sql[i - 1] ?? '';
    if (char === "'") {
      const escaped = (previous === 'E' || previous === 'e') && !IDENTIFIER_PART.test(sql[i - 2] ?? '');
      i = skipQuoted(sql, i, "'", escaped);
    } else if (char === '"') {
      i = skipQuoted(sql, i, '"', false);
    } else if (char === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (char === '/' && sql[i + 1] === '*') {
      i = skipBlockComment(sql, i);
    } else if (char === '$' && !IDENTIFIER_PART.test(previous)) {
      i = skipDollarQuoted(sql, i) ?? i + 1;
    } else if (char === ':' && sql[i + 1] === ':') {
      i += 2;
    } else if (char === ':' && IDENTIFIER_START.test(sql[i + 1] ?? '')) {
      let end = i + 1;
      while (end < sql.length && IDENTIFIER_PART.test(sql[end] as string)) end += 1;
      const name = sql.slice(i + 1, end);
      let position = names.indexOf(name);
      if (position === -1) position = names.push(name) - 1;
      text += `${sql.slice(copiedUpTo, i)}$${position + 1}`;
      copiedUpTo = end;
      i = end;
    } else {
      i += 1;
    }
  }
  text += sql.slice(copiedUpTo);
  return { text, names };
}

/**
 * Turns `:name` placeholders into PostgreSQL's `$n`, leaving strings, quoted
 * identifiers, dollar quotes, comments and `::` casts alone. Results are cached.
 */
export function compileNamed(sql: string): CompiledStatement {
  let compiled = cache.get(sql);
  if (!compiled) {
    compiled = compileUncached(sql);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(sql, compiled);
  }
  return compiled;
}

/** Values for a compiled statement, in placeholder order; a missing name is a programming error. */
export function bindNamed(compiled: CompiledStatement, params: Readonly<Record<string, unknown>>): unknown[] {
  return compiled.names.map((name) => {
    if (!Object.hasOwn(params, name)) {
      throw new AppError('SQL_PARAMETER_MISSING', `No value for the SQL parameter :${name}`, {
        statusCode: 500,
      });
    }
    return params[name];
  });
}
