import pino from 'pino';

/**
 * What a key's name says when its value is a secret: any key whose name,
 * lower-cased and stripped of separators, contains one of these words
 * (`BEARER`, `x-api-key`, `db_password`, `privateKey`, `Set-Cookie`,
 * `clientCredentials`, `TOTP_ENCRYPTION_KEY`, `recoveryCodes`…).
 */
export const secretKeyPattern =
  /token|secret|passw(?:or)?d|passphrase|apikey|authorization|cookie|credential|privatekey|bearer|otpauth|encryptionkey|recoverycode/;

const verdicts = new Map<string, boolean>();

/** True when a key's name marks its value as a secret (cached: a process logs few distinct keys). */
export function isSecretKey(key: string): boolean {
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    verdict = secretKeyPattern.test(key.toLowerCase().replace(/[^a-z0-9]/g, ''));
    if (verdicts.size < 10_000) verdicts.set(key, verdict);
  }
  return verdict;
}

export const CENSOR = '[REDACTED]';

/**
 * Exact pino redact paths for what serializers produce (scrubSecrets sees the
 * logged object before serialization). Exact paths compile to direct property
 * access; pino's wildcard paths walk every line once per path and cost several
 * times the rest of the line, so none is used.
 */
export const redactPaths: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'err.options.headers.authorization',
];

// A bound on nesting only as a guard against pathological objects; real log objects are shallow.
const MAX_DEPTH = 64;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * JSON of a serialized error whose own fields may point back at themselves (an HTTP client's
 * error holds its request, which holds the error): a repeated object on the current path becomes
 * "[Circular]" instead of a TypeError that would take the log line, and the answer, with it.
 */
function acyclicJson(value: unknown): string {
  const ancestors: object[] = [];
  return JSON.stringify(value, function replacer(this: unknown, _key: string, item: unknown) {
    if (item === null || typeof item !== 'object') return typeof item === 'bigint' ? item.toString() : item;
    while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
    if (ancestors.includes(item) || ancestors.length > MAX_DEPTH) return '[Circular]';
    ancestors.push(item);
    return item;
  });
}

function scrub(value: unknown, depth: number, seen: Set<object>): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || seen.has(value)) return value;
  // An error becomes what pino's serializer makes of it (message, stack, own fields, causes) as
  // plain data, then is scrubbed like any object; errors are rare enough for the round trip.
  if (value instanceof Error) {
    const serialized: unknown = JSON.parse(acyclicJson(pino.stdSerializers.errWithCause(value)));
    return scrub(serialized, depth, seen);
  }
  if (Array.isArray(value)) {
    seen.add(value);
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const scrubbed = scrub(item, depth + 1, seen);
      if (scrubbed !== item) (copy ??= [...value])[index] = scrubbed;
    }
    seen.delete(value);
    return copy ?? value;
  }
  if (!isPlainObject(value)) return value;
  seen.add(value);
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    const item = value[key];
    const scrubbed = isSecretKey(key) ? CENSOR : scrub(item, depth + 1, seen);
    if (scrubbed !== item) (copy ??= { ...value })[key] = scrubbed;
  }
  seen.delete(value);
  return copy ?? value;
}

/**
 * The logged object with the value of every key that names a secret
 * (`isSecretKey`) replaced by `[REDACTED]`, at any depth of plain objects and
 * arrays, and inside errors and their causes (serialized as pino does).
 * Copies on write: the caller's object is never changed. Other class
 * instances (requests) are left to their serializers and `redactPaths`.
 */
export function scrubSecrets<T extends Record<string, unknown>>(object: T): T {
  if (trustedLines.has(object)) return object;
  return scrub(object, 0, new Set()) as T;
}

const trustedLines = new WeakSet<object>();

/**
 * Marks a log object whose keys are fixed by the platform (the request line) so scrubSecrets
 * does not walk it; its values are never objects a caller supplied.
 */
export function trustLogFields<T extends object>(object: T): T {
  trustedLines.add(object);
  return object;
}

/**
 * pino's error serializer for `err` and `error`: an Error (one logged at the top
 * level, which the log formatter does not see) serialized with its causes and
 * scrubbed; anything else, already scrubbed by the formatter, as it is.
 */
export function serializeError(value: unknown): unknown {
  return value instanceof Error ? scrub(value, 0, new Set()) : value;
}
