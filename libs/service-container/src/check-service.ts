import type { AppError } from '@platform/errors';
import { toServiceError } from './classify-error.js';
import type { ServiceClient } from './create-service-client.js';
import { safeUrl } from './safe-url.js';
import type { CircuitState } from './service-breaker.js';
import type { ServiceOptions } from './service-options.js';

export interface ServiceHealth {
  service: string;
  status: 'up' | 'down';
  /** Time to the answer, or to the failure. */
  latencyMs: number;
  /** The URL probed, credentials removed. */
  url: string;
  /** The status the service answered with, when it answered. */
  statusCode?: number;
  circuit: CircuitState;
  /** Why it is down: a stable code and a message naming the service and URL. */
  error?: { code: string; message: string };
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
