import type { AppDefinition } from './apps.js';
import { median, type RunContext } from './context.js';
import type { ObservabilityResult } from './results.js';
import { startApp, type StartedApp } from './start-app.js';
import { wrk, type LoadResult } from './wrk.js';

/** The apps whose tracing cost is measured: the three HTTP apps with a floor. */
export const observedApps: readonly AppDefinition['name'][] = ['db-api', 'counter', 'totp'];

export function observabilityEstimateSeconds(context: RunContext): number {
  const { seconds, rounds } = context.settings;
  return 4 + 2 * Math.min(3, seconds) + 2 * rounds * (seconds + 0.5);
}

type Variant = 'traced' | 'untraced';

/**
 * What tracing costs one app: two processes of it side by side, as they start by default (metrics
 * and tracing on) and with OTEL_SDK_DISABLED=true (no span, no context, no trace ids in the logs),
 * loaded alike in interleaved rounds. Metrics stay on in both: the app's /metrics is part of it.
 */
export async function measureObservability(
  context: RunContext,
  app: AppDefinition,
): Promise<ObservabilityResult> {
  const { seconds, rounds, connections } = context.settings;
  const started: Partial<Record<Variant, StartedApp>> = {};
  try {
    for (const variant of ['traced', 'untraced'] as const) {
      started[variant] = await startApp(context, app, {
        name: `${app.name} (${variant})`,
        logName: `observability-${app.name}-${variant}`,
        env: variant === 'untraced' ? { OTEL_SDK_DISABLED: 'true' } : {},
      });
    }
    const measure = (variant: Variant, duration: number): Promise<LoadResult> => {
      const running = started[variant];
      if (!running) throw new Error(`${app.name} (${variant}) is not running`);
      const { server, url } = running;
      return wrk(app.load(context.backing, url), { seconds: duration, connections, pid: server.pid });
    };
    await measure('traced', Math.min(3, seconds));
    await measure('untraced', Math.min(3, seconds));
    const results: Record<Variant, LoadResult[]> = { traced: [], untraced: [] };
    for (let round = 0; round < rounds; round += 1) {
      const order: Variant[] = round % 2 === 0 ? ['traced', 'untraced'] : ['untraced', 'traced'];
      for (const variant of order) results[variant].push(await measure(variant, seconds));
    }
    const figures = (variant: Variant, name: string) => ({
      name,
      rps: median(results[variant].map((r) => r.rps)),
      cpuUs: median(results[variant].map((r) => r.cpuUs)),
      p99Ms: median(results[variant].map((r) => r.p99Ms)),
    });
    const traced = figures('traced', `${app.name}`);
    const untraced = figures('untraced', `${app.name} OTEL_SDK_DISABLED=true`);
    return {
      app: app.name,
      load: app.load(context.backing, started.traced?.url ?? '').label,
      traced,
      untraced,
      rps: median(results.traced.map((r, index) => r.rps / (results.untraced[index]?.rps ?? Number.NaN))),
      tracingUs: (traced.cpuUs ?? Number.NaN) - (untraced.cpuUs ?? Number.NaN),
    };
  } finally {
    for (const { server } of Object.values(started)) await server.stop();
  }
}

/**
 * CPU time (ns) one request's HTTP metrics take in @platform/metrics, timed in this process over
 * many requests after a warm-up: the in-flight gauge up and down and one duration sample, spread
 * over a few routes and statuses as a service's are.
 */
export async function httpMetricsCostNs(requests = 2_000_000): Promise<number> {
  const { httpMetrics } = await import('@platform/metrics');
  httpMetrics.register();
  const labels = [
    ['POST', '/example/foo', 200],
    ['GET', '/', 200],
    ['GET', '/check/:key', 200],
    ['POST', '/example/foo', 400],
  ] as const;
  const record = (count: number) => {
    for (let index = 0; index < count; index += 1) {
      const [method, route, status] = labels[index % labels.length] ?? labels[0];
      httpMetrics.enter();
      httpMetrics.leave(method, route, status, (index % 50) / 10_000);
    }
  };
  record(requests / 10);
  const before = process.cpuUsage();
  record(requests);
  const used = process.cpuUsage(before);
  return ((used.user + used.system) * 1_000) / requests;
}
