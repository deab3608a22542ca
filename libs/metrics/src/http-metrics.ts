import { performance } from 'node:perf_hooks';
import { LabelHistogram } from './label-histogram.js';
import { gauge } from './metric.js';

/** Seconds; a small service answers in a millisecond, a slow dependency in seconds. */
export const httpDurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The route label of a request that matched no route (404s, and requests refused before routing). */
export const UNMATCHED_ROUTE = 'unmatched';

const knownMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The method label: one of the standard methods, else `other` (the method is the client's). */
export function methodLabel(method: string | undefined): string {
  return method !== undefined && knownMethods.has(method) ? method : 'other';
}

let inFlight = 0;
let duration: LabelHistogram | undefined;

function durationHistogram(): LabelHistogram {
  duration ??= LabelHistogram.registered({
    name: 'http_server_request_duration_seconds',
    help: 'HTTP requests served, by method, route pattern and status code, with their duration',
    labelNames: ['method', 'route', 'status_code'],
    buckets: httpDurationBuckets,
  });
  return duration;
}

function ensureMetrics(): void {
  durationHistogram();
  gauge({
    name: 'http_server_requests_in_flight',
    help: 'HTTP requests being served now',
    collect() {
      this.set(inFlight);
    },
  });
}

/**
 * The HTTP server metrics as two calls a request pipeline makes inline: `start()` when a request
 * comes in (returns its start time) and `finish()` when its response is done. The in-flight gauge
 * is a plain number read at scrape time; the duration histogram keeps one series per label set.
 * `route` must be a route pattern or UNMATCHED_ROUTE, never the URL.
 */
export const httpMetrics = {
  /** Registers both metrics (so a scrape shows them before the first request). */
  register: ensureMetrics,
  /** A request came in; returns performance.now() for finish(). */
  start(): number {
    inFlight++;
    return performance.now();
  },
  /** A request came in, for a pipeline that times requests itself (see leave()). */
  enter(): void {
    inFlight++;
  },
  /** Its response is done (or abandoned); `status` 0 for a response never sent. */
  finish(method: string | undefined, route: string, status: number, startedAt: number): void {
    httpMetrics.leave(method, route, status, (performance.now() - startedAt) / 1_000);
  },
  /** As finish(), with the duration the pipeline measured. */
  leave(method: string | undefined, route: string, status: number, seconds: number): void {
    inFlight--;
    const label = methodLabel(method);
    const histogram = duration ?? durationHistogram();
    const key = `${status} ${label} ${route}`;
    if (histogram.observe(key, seconds)) return;
    histogram.define(key, [label, route, String(status)]);
    histogram.observe(key, seconds);
  },
};
