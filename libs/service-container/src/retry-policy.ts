import { HTTPError, RequestError, TimeoutError } from 'got';
import type { ServiceOptions } from './service-options.js';

/** What got normalised for one request: the retry settings (service defaults with the call's own). */
export interface RequestRetry {
  limit: number;
  methods: readonly string[];
  statusCodes: readonly number[];
  errorCodes: readonly string[];
}

// A refused connection that Node 24.20+ reports this way is still a connection that could not be made.
const CLOSED_BEFORE_CONNECTION = 'ERR_SOCKET_CLOSED_BEFORE_CONNECTION';

/** Whether an attempt's failure may go better on another try: timeouts, network errors, listed statuses. */
export function isRetryableFailure(error: unknown, retry: RequestRetry): boolean {
  if (error instanceof TimeoutError) return true;
  if (error instanceof HTTPError) return retry.statusCodes.includes(error.response.statusCode);
  if (error instanceof RequestError) return retry.errorCodes.includes(error.code);
  return error instanceof Error && (error as NodeJS.ErrnoException).code === CLOSED_BEFORE_CONNECTION;
}

const RETRY_AFTER_STATUSES = new Set([413, 429, 503]);

/** The wait a 413/429/503 answer asks for in `Retry-After` (seconds or an HTTP date), in ms. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  if (!(error instanceof HTTPError) || !RETRY_AFTER_STATUSES.has(error.response.statusCode)) return undefined;
  const value = error.response.headers['retry-after'];
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1_000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Doubling backoff from baseDelayMs for the nth retry (1-based), capped, plus up to 100 ms of jitter. */
export function backoffMs(retry: number, options: ServiceOptions['retry'], random = Math.random): number {
  return Math.min(options.baseDelayMs * 2 ** (retry - 1), options.backoffLimitMs) + random() * 100;
}
