/** The HTTP header carrying the caller's remaining time budget, in whole milliseconds. */
export const TIMEOUT_HEADER = 'x-request-timeout-ms';

/** Largest budget taken from a caller (10 minutes); a larger value is clamped to it. */
export const MAX_TIMEOUT_MS = 600_000;

// Up to 15 digits: a plain, non-negative integer. Signs, fractions, exponents and spaces inside are not.
const WHOLE_MS = /^\s*(\d{1,15})\s*$/;

/**
 * The budget in an `x-request-timeout-ms` value: a whole number of milliseconds, clamped to
 * `maxMs`. Anything else (absent, repeated, negative, fractional, text, too many digits) is
 * undefined, so a bad value is ignored rather than failing the request.
 */
export function parseTimeoutHeader(
  value: string | readonly string[] | undefined,
  maxMs = MAX_TIMEOUT_MS,
): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = WHOLE_MS.exec(value);
  if (!match?.[1]) return undefined;
  return Math.min(Number(match[1]), maxMs);
}
