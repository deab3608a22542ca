import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { context as otelContext, propagation } from '@opentelemetry/api';
import got, { type Got, type GotReturn, type HandlerFunction, type Options, type RetryObject } from 'got';
import { currentDeadline, TIMEOUT_HEADER } from '@platform/deadline';
import type { Logger } from '@platform/logging';
import { Bulkhead } from './bulkhead.js';
import { LatencyWindow } from './latency-window.js';
import { currentRequestId, saneRequestId } from './request-context.js';
import { RetryBudget } from './retry-budget.js';
import { safeUrl } from './safe-url.js';
import { ServiceBreaker, type CircuitState } from './service-breaker.js';
import { ATTEMPT_DEADLINE, CALL_SIGNAL, callPromise, ServiceCall } from './service-call.js';
import { ServiceUrlOutsideBaseError, type ServiceCallTarget } from './service-errors.js';
import { serviceMetrics } from './service-metrics.js';
import type { ServiceOptions } from './service-options.js';

export interface ServiceClient {
  /** got instance for the service: prefixUrl, timeouts, retries, headers, breaker, request id. */
  readonly client: Got;
  /** The same without breaker and retries, for health probes. */
  readonly probe: Got;
  readonly breaker: ServiceBreaker;
  readonly bulkhead: Bulkhead;
  close(): void;
}

function targetOf(service: string, options: Options): ServiceCallTarget {
  return { service, method: options.method, url: safeUrl(options.url) };
}

function sameOrigin(location: string | undefined, from: string, origin: string): boolean {
  if (location === undefined) return false;
  try {
    return new URL(location, from).origin === origin;
  } catch {
    return false;
  }
}

/** Doubling backoff from baseDelayMs, capped, with jitter; a Retry-After within bounds is used as is. */
function retryDelay(retry: ServiceOptions['retry']): (attempt: RetryObject) => number {
  return ({ attemptCount, retryAfter, computedValue }) => {
    if (computedValue === 0) return 0;
    if (retryAfter !== undefined && retryAfter > 0) return computedValue;
    return Math.min(retry.baseDelayMs * 2 ** (attemptCount - 1), retry.backoffLimitMs) + Math.random() * 100;
  };
}

/** Builds the got client of one service from its validated options. */
export function createServiceClient(service: string, options: ServiceOptions, logger: Logger): ServiceClient {
  const log = logger.child({ module: 'service-container', service });
  const origin = new URL(options.baseUrl).origin;
  const agent = {
    http: new HttpAgent({ keepAlive: true, maxSockets: options.maxSockets, maxFreeSockets: 10 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: options.maxSockets, maxFreeSockets: 10 }),
  };
  const metrics = serviceMetrics();
  const breakerLevel: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2, disabled: 0 };
  const breaker = new ServiceBreaker(service, options.breaker, log, (state) =>
    metrics.breakerState.set({ service }, breakerLevel[state]),
  );
  const bulkhead = new Bulkhead(options.bulkhead);
  const resources = {
    service,
    options,
    origin,
    log,
    breaker,
    bulkhead,
    budget: new RetryBudget(options.retry.budget),
    latencies: new LatencyWindow(),
    metrics,
  };

  const base = got.extend({
    prefixUrl: options.baseUrl,
    headers: options.headers,
    timeout: { connect: options.timeout.connect, request: options.timeout.request },
    agent,
    // Redirects are followed on the service's own origin only: its headers go nowhere else.
    followRedirect: (response) => sameOrigin(response.headers.location, response.url, origin),
    maxRedirects: 5,
    hooks: {
      init: [
        (plain) => {
          // A promise call's signal cancels the call (ServiceCall), not the request got builds first.
          if (plain.isStream === true || plain.signal === undefined) return;
          plain.context = { ...plain.context, [CALL_SIGNAL]: plain.signal };
          delete plain.signal;
        },
      ],
      beforeRequest: [
        (request) => {
          // An explicit `context.requestId` wins over the id of the request being served.
          if (request.headers['x-request-id'] !== undefined) return;
          const id = saneRequestId(request.context['requestId']) ?? currentRequestId();
          if (id !== undefined) request.headers['x-request-id'] = id;
        },
        (request) => {
          // The time the service has for this attempt: what is left of it when it is sent.
          const attemptAt = request.context[ATTEMPT_DEADLINE];
          const at = typeof attemptAt === 'number' ? attemptAt : currentDeadline();
          if (at !== undefined)
            request.headers[TIMEOUT_HEADER] = String(Math.max(0, Math.floor(at - Date.now())));
          // Trace context (W3C traceparent) when an OpenTelemetry SDK is registered; a no-op otherwise.
          propagation.inject(otelContext.active(), request.headers);
        },
      ],
    },
  });

  // Each promise call runs through ServiceCall: deadline, bulkhead, breaker, attempts, retries, hedges.
  const guard: HandlerFunction = <T extends GotReturn>(request: Options, next: (options: Options) => T) => {
    // Options that failed to build go straight through: got reports them.
    if (!(request as Options | undefined)) return next(request);
    const target = targetOf(service, request);
    if (request.isStream) {
      // Streams get timeouts and got's retries, not the rest; the origin rule holds for them too.
      if (request.url instanceof URL && request.url.origin !== origin) {
        throw new ServiceUrlOutsideBaseError(target, origin);
      }
      return next(request);
    }
    // got copies nothing over the helpers callPromise defines (.json(), .text(), .cancel()…).
    return callPromise(new ServiceCall(resources, request, target), request) as unknown as T;
  };

  const client = base.extend({
    retry: {
      limit: options.retry.limit,
      methods: options.retry.methods,
      statusCodes: options.retry.statusCodes,
      maxRetryAfter: options.retry.maxRetryAfterMs,
      calculateDelay: retryDelay(options.retry),
    },
    hooks: {
      // Promise calls retry in ServiceCall (which logs them); this is for streams.
      beforeRetry: [
        (error, retryCount) => {
          log.warn(
            {
              method: error.options.method,
              url: safeUrl(error.options.url),
              attempt: retryCount,
              cause: error.code,
              status: error.response?.statusCode,
            },
            `Retrying ${service} (${retryCount}/${options.retry.limit}) after ${error.code}`,
          );
        },
      ],
      afterResponse: [
        (response) => {
          log.debug(
            {
              method: response.request.options.method,
              url: safeUrl(response.url),
              status: response.statusCode,
              duration_ms: response.timings.phases.total,
            },
            `${service} answered ${response.statusCode}`,
          );
          return response;
        },
      ],
    },
    handlers: [guard],
  });

  const probe = base.extend({ retry: { limit: 0 }, throwHttpErrors: false, followRedirect: false });

  return {
    client,
    probe,
    breaker,
    bulkhead,
    close() {
      breaker.shutdown();
      agent.http.destroy();
      agent.https.destroy();
    },
  };
}
