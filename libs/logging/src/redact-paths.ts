/**
 * Key names whose values never reach a log line, at whatever depth of a plain
 * object they are logged (see `scrubSecrets`).
 */
export const secretKeys: ReadonlySet<string> = new Set(
  [
    'authorization',
    'cookie',
    'set-cookie',
    'x-api-key',
    'password',
    'passwd',
    'token',
    'accessToken',
    'refreshToken',
    'bearer',
    'secret',
    'totpSecret',
    'otpauth',
    'otpauthUri',
    'encryptionKey',
  ].map((key) => key.toLowerCase()),
);

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

const MAX_DEPTH = 4;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function scrub(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const scrubbed = scrub(item, depth + 1);
      if (scrubbed !== item) (copy ??= [...value])[index] = scrubbed;
    }
    return copy ?? value;
  }
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    const item = value[key];
    const scrubbed = secretKeys.has(key.toLowerCase()) ? CENSOR : scrub(item, depth + 1);
    if (scrubbed !== item) (copy ??= { ...value })[key] = scrubbed;
  }
  return copy ?? value;
}

/**
 * The logged object with every secret key's value replaced by `[REDACTED]`, in
 * plain objects and arrays down to four levels. Copies on write: the caller's
 * object is never changed. Class instances (requests, errors) are left to
 * their serializers and `redactPaths`.
 */
export function scrubSecrets<T extends Record<string, unknown>>(object: T): T {
  return scrub(object, 0) as T;
}
