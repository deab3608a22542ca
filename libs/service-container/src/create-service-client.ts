import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import got, { type Got, type GotReturn, type HandlerFunction, type Options, type RetryObject } from 'got';
import type { Logger } from '@platform/logging';
import { toServiceError } from './classify-error.js';
import { currentRequestId, saneRequestId } from './request-context.js';
import { safeUrl } from './safe-url.js';
import { CircuitOpen, ServiceBreaker } from './service-breaker.js';
import {
  ServiceCircuitOpenError,
  ServiceUrlOutsideBaseError,
  type ServiceCallTarget,
} from './service-errors.js';
import type { ServiceOptions } from './service-options.js';

export interface ServiceClient {
  /** got instance for the service: prefixUrl, timeouts, retries, headers, breaker, request id. */
  readonly client: Got;
  /** The same without breaker and retries, for health probes. */
  readonly probe: Got;
  readonly breaker: ServiceBreaker;
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
  const breaker = new ServiceBreaker(service, options.breaker, log);

  const base = got.extend({
    prefixUrl: options.baseUrl,
    headers: options.headers,
    timeout: { connect: options.timeout.connect, request: options.timeout.request },
    agent,
    // Redirects are followed on the service's own origin only: its headers go nowhere else.
    followRedirect: (response) => sameOrigin(response.headers.location, response.url, origin),
    maxRedirects: 5,
    hooks: {
      beforeRequest: [
        (request) => {
          // An explicit `context.requestId` wins over the id of the request being served.
          if (request.headers['x-request-id'] !== undefined) return;
          const id = saneRequestId(request.context['requestId']) ?? currentRequestId();
          if (id !== undefined) request.headers['x-request-id'] = id;
        },
      ],
    },
  });

  // Wraps each promise call (retries included) in the breaker and maps its errors.
  const guard: HandlerFunction = <T extends GotReturn>(request: Options, next: (options: Options) => T) => {
    // Options that failed to build go straight through: got reports them.
    if (!(request as Options | undefined)) return next(request);
    const target = targetOf(service, request);
    const outside = request.url instanceof URL && request.url.origin !== origin;
    if (request.isStream) {
      // Streams get timeouts and retries, not the breaker; the origin rule holds for them too.
      if (outside) throw new ServiceUrlOutsideBaseError(target, origin);
      return next(request);
    }
    const call = async (): Promise<unknown> => {
      if (outside) throw new ServiceUrlOutsideBaseError(target, origin);
      try {
        return await breaker.run(() => next(request) as unknown as Promise<unknown>);
      } catch (error) {
        if (error instanceof CircuitOpen) throw new ServiceCircuitOpenError(target, error.retryAfterSeconds);
        throw toServiceError(error, target, options.timeout);
      }
    };
    // got copies its promise helpers (.json(), .text(), .cancel()) onto the promise returned here.
    return call() as unknown as Promise<T>;
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
    close() {
      breaker.shutdown();
      agent.http.destroy();
      agent.https.destroy();
    },
  };
}
