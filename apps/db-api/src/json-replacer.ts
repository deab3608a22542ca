/**
 * JSON for database values: bigint as a string (exact), Buffer (bytea) as
 * base64. A function, not an arrow: `this[key]` is the value before toJSON.
 */
export function jsonReplacer(this: unknown, key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value !== null && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer') {
    const original = (this as Record<string, unknown>)[key];
    if (Buffer.isBuffer(original)) return original.toString('base64');
  }
  return value;
}
