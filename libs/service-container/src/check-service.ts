import type { AppError } from '@platform/errors';
import { toServiceError } from './classify-error.js';
import type { ServiceClient } from './create-service-client.js';
import { safeUrl } from './safe-url.js';
import type { CircuitState } from './service-breaker.js';
import type { ServiceOptions } from './service-options.js';

export interface ServiceHealth {
  service: string;
  /** `not ready`: the service answers, but its readiness path says a dependency is missing. */
  status: 'up' | 'not ready' | 'down';
  /** Time to the answer, or to the failure. */
  latencyMs: number;
  /** The URL probed, credentials removed. */
  url: string;
  /** The status the service answered with, when it answered. */
  statusCode?: number;
  circuit: CircuitState;
  /** Why it is down: a stable code and a message naming the service and URL. */
  error?: { code: string; message: string };
  /** Why it is not ready, from its readiness report: `waiting for redis (down)`. */
  reason?: string;
}

/**
 * The reason a platform readiness answer gives (`{"checks":{"redis":"down"},"draining":false}`),
 * or undefined when the body is not one. Check names are the service's own and bounded.
 */
export function notReadyReason(body: unknown): string | undefined {
  let report: unknown = body;
  if (typeof body === 'string') {
    try {
      report = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  if (!report || typeof report !== 'object') return undefined;
  const { checks, draining } = report as { checks?: unknown; draining?: unknown };
  if (draining === true) return 'draining';
  if (!checks || typeof checks !== 'object') return undefined;
  const waiting = Object.entries(checks as Record<string, unknown>)
    .filter(([, state]) => state !== 'ok')
    .map(([name, state]) => `${name} (${String(state)})`);
  return waiting.length > 0 ? `waiting for ${waiting.join(', ')}` : undefined;
}

/** Probes one service's health path once, without retries or breaker, within `timeoutMs`. */
export async function checkService(
  service: string,
  options: ServiceOptions,
  client: ServiceClient,
  timeoutMs: number,
): Promise<ServiceHealth> {
  const url = new URL(options.health.path, options.baseUrl);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const circuit = client.breaker.state;
  try {
    const response = await client.probe.get(url, {
      timeout: { connect: Math.min(timeoutMs, options.timeout.connect), request: timeoutMs },
    });
    const up = response.statusCode >= 200 && response.statusCode < 400;
    const reason = response.statusCode === 503 ? notReadyReason(response.body) : undefined;
    if (reason) {
      return {
        service,
        status: 'not ready',
        latencyMs: elapsed(),
        url: safeUrl(url),
        statusCode: response.statusCode,
        circuit,
        reason,
        error: { code: 'SERVICE_NOT_READY', message: `${service}: GET ${safeUrl(url)}: ${reason}` },
      };
    }
    return {
      service,
      status: up ? 'up' : 'down',
      latencyMs: elapsed(),
      url: safeUrl(url),
      statusCode: response.statusCode,
      circuit,
      ...(up
        ? {}
        : {
            error: {
              code: 'SERVICE_HTTP_ERROR',
              message: `${service}: GET ${safeUrl(url)} answered ${response.statusCode}`,
            },
          }),
    };
  } catch (error) {
    const failure: AppError = toServiceError(
      error,
      { service, method: 'GET', url: safeUrl(url) },
      { connect: Math.min(timeoutMs, options.timeout.connect), request: timeoutMs },
    );
    return {
      service,
      status: 'down',
      latencyMs: elapsed(),
      url: safeUrl(url),
      circuit,
      error: { code: failure.code, message: failure.message },
    };
  }
}
