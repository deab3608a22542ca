import { EventEmitter } from 'node:events';
import got, { TimeoutError, type CancelableRequest, type Options, type OptionsInit } from 'got';
import { currentDeadline } from '@platform/deadline';
import type { Logger } from '@platform/logging';
import { BulkheadRefusal, type Bulkhead } from './bulkhead.js';
import { sanitize, toServiceError } from './classify-error.js';
import type { LatencyWindow } from './latency-window.js';
import type { RetryBudget } from './retry-budget.js';
import { backoffMs, isRetryableFailure, retryAfterMs, type RequestRetry } from './retry-policy.js';
import { CircuitOpen, type ServiceBreaker } from './service-breaker.js';
import {
  ServiceBulkheadFullError,
  ServiceCallInvalidError,
  ServiceCircuitOpenError,
  ServiceDeadlineExceededError,
  ServiceRequestFailedError,
  ServiceUrlOutsideBaseError,
  type ServiceCallTarget,
} from './service-errors.js';
import type { ServiceMetrics } from './service-metrics.js';
import { HEDGED_METHODS, type ServiceOptions } from './service-options.js';

/** got `context` key holding the absolute deadline of one attempt (sent as x-request-timeout-ms). */
export const ATTEMPT_DEADLINE = 'attemptDeadlineAt';

/**
 * got `context` key of the caller's `signal`, moved there by the client's init hook: the request
 * got builds first is never sent, and must not be the one the signal aborts.
 */
export const CALL_SIGNAL = 'callSignal';

/** Largest per-call `context.deadlineMs`, as for the `deadlineMs` option. */
const MAX_DEADLINE_MS = 3_600_000;

/** What every call of one service shares. */
export interface ServiceCallResources {
  service: string;
  options: ServiceOptions;
  origin: string;
  log: Logger;
  breaker: ServiceBreaker;
  bulkhead: Bulkhead;
  budget: RetryBudget;
  latencies: LatencyWindow;
  metrics: ServiceMetrics;
}

type Attempt = CancelableRequest<unknown>;

// got's instance called with normalised options as its defaults: one request, exactly those options.
const send = got as unknown as (url: undefined, options: OptionsInit, defaults: Options) => Attempt;

const PROXIED_EVENTS = ['request', 'response', 'redirect', 'uploadProgress', 'downloadProgress'] as const;

/**
 * One promise call of a service: its deadline (per call, per service, or the one of the work
 * being done), the bulkhead, the breaker around the attempts, each attempt's timeout cut to the
 * time left, retries within the retry budget, an optional hedged attempt, and the metrics.
 */
export class ServiceCall {
  readonly events = new EventEmitter();
  /** The attempt whose answer the call returned; its helpers parse the body. */
  winner: Attempt | undefined;

  readonly #r: ServiceCallResources;
  readonly #request: Options;
  readonly #target: ServiceCallTarget;
  readonly #inFlight = new Set<Attempt>();
  #deadlineAt: number | undefined;
  #budgetMs = 0;
  #cancelled = false;
  #wake: (() => void) | undefined;

  constructor(resources: ServiceCallResources, request: Options, target: ServiceCallTarget) {
    this.#r = resources;
    this.#request = request;
    this.#target = target;
  }

  /** Stops the call: attempts in flight are aborted, a backoff is cut short; it fails as cancelled. */
  cancel(): void {
    if (this.#cancelled) return;
    this.#cancelled = true;
    for (const attempt of this.#inFlight) attempt.cancel();
    this.#wake?.();
  }

  async run(): Promise<unknown> {
    const { service, metrics } = this.#r;
    const started = performance.now();
    let outcome = 'ok';
    const signal = this.#request.context[CALL_SIGNAL] as AbortSignal | undefined;
    const onAbort = (): void => this.cancel();
    if (signal?.aborted) this.cancel();
    else signal?.addEventListener('abort', onAbort, { once: true });
    try {
      this.#throwIfCancelled();
      return await this.#guarded();
    } catch (error) {
      const mapped = toServiceError(error, this.#target, this.#r.options.timeout);
      outcome = mapped.code;
      throw mapped;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      metrics.calls.inc({ service, outcome });
      metrics.duration.observe({ service, outcome }, (performance.now() - started) / 1_000);
    }
  }

  async #guarded(): Promise<unknown> {
    const { origin, bulkhead, breaker, metrics, service } = this.#r;
    const url = this.#request.url;
    if (url instanceof URL && url.origin !== origin)
      throw new ServiceUrlOutsideBaseError(this.#target, origin);
    this.#startDeadline();
    if (this.#remaining() === 0) throw this.#deadlineError('before the call started');
    let release: () => void;
    try {
      release = await bulkhead.acquire(this.#deadlineAt);
    } catch (error) {
      if (!(error instanceof BulkheadRefusal)) throw error;
      if (error.reason === 'deadline') {
        throw this.#deadlineError(`after ${error.waitedMs} ms waiting for a free slot`);
      }
      metrics.bulkheadRejected.inc({ service });
      const { maxConcurrent, maxQueue } = this.#r.options.bulkhead;
      throw new ServiceBulkheadFullError(
        this.#target,
        error.reason === 'queue-full'
          ? `the bulkhead is full (${maxConcurrent} calls in flight, ${maxQueue} waiting)`
          : `no free slot in the bulkhead after ${error.waitedMs} ms`,
      );
    }
    try {
      this.#throwIfCancelled();
      return await breaker.run(() => this.#attempts());
    } catch (error) {
      if (error instanceof CircuitOpen)
        throw new ServiceCircuitOpenError(this.#target, error.retryAfterSeconds);
      throw error;
    } finally {
      release();
    }
  }

  /** The earlier of the call's own deadline (per call, else per service) and the current one. */
  #startDeadline(): void {
    const context = this.#request.context;
    const own = context['deadlineMs'];
    if (
      own !== undefined &&
      !(typeof own === 'number' && Number.isFinite(own) && own >= 1 && own <= MAX_DEADLINE_MS)
    ) {
      throw new ServiceCallInvalidError(
        this.#target,
        'context.deadlineMs',
        `expected milliseconds from 1 to ${MAX_DEADLINE_MS}`,
      );
    }
    if (context['idempotent'] !== undefined && typeof context['idempotent'] !== 'boolean') {
      throw new ServiceCallInvalidError(this.#target, 'context.idempotent', 'expected true or false');
    }
    const now = Date.now();
    const ms = (own as number | undefined) ?? this.#r.options.deadlineMs;
    const mine = ms === undefined ? undefined : now + ms;
    const current = currentDeadline();
    this.#deadlineAt = mine === undefined ? current : current === undefined ? mine : Math.min(mine, current);
    if (this.#deadlineAt !== undefined) this.#budgetMs = Math.max(0, Math.round(this.#deadlineAt - now));
  }

  #remaining(): number | undefined {
    return this.#deadlineAt === undefined ? undefined : Math.max(0, this.#deadlineAt - Date.now());
  }

  /** The timeout of one whole attempt: the service's (or the call's own) `timeout.request`. */
  #configuredTimeout(): number {
    return this.#request.timeout.request ?? this.#r.options.timeout.request;
  }

  /** The next attempt's timeout: the configured one, cut to the time left. */
  #attemptMs(): number {
    const configured = this.#configuredTimeout();
    const left = this.#remaining();
    return left === undefined ? configured : Math.max(1, Math.min(configured, Math.floor(left)));
  }

  #deadlineError(where: string, cause?: unknown): ServiceDeadlineExceededError {
    sanitize(cause);
    return new ServiceDeadlineExceededError(this.#target, this.#budgetMs, where, cause);
  }

  #throwIfCancelled(): void {
    if (this.#cancelled) throw new ServiceRequestFailedError(this.#target, 'cancelled by the caller');
  }

  async #attempts(): Promise<unknown> {
    const { options, budget, log, service, metrics } = this.#r;
    const request = this.#request;
    // The service's retry settings as got normalised them, with the call's own overrides.
    const retry: RequestRetry = {
      limit: request.retry.limit ?? options.retry.limit,
      methods: request.retry.methods ?? options.retry.methods,
      statusCodes: request.retry.statusCodes ?? options.retry.statusCodes,
      errorCodes: request.retry.errorCodes ?? [],
    };
    const method = request.method.toUpperCase();
    const idempotent = request.context['idempotent'] === true;
    // A body read from a stream can be sent once only.
    const repeatable = typeof (request.body as { pipe?: unknown } | undefined)?.pipe !== 'function';
    const mayRetry = repeatable && retry.limit > 0 && (idempotent || retry.methods.includes(method));
    const mayHedge = repeatable && options.hedge.enabled && (idempotent || HEDGED_METHODS.includes(method));
    const configured = this.#configuredTimeout();
    budget.recordCall();
    for (let retries = 0; ;) {
      if (this.#remaining() === 0) throw this.#deadlineError('before an attempt could start');
      const attemptMs = this.#attemptMs();
      try {
        return await this.#attempt(attemptMs, mayHedge);
      } catch (error) {
        this.#throwIfCancelled();
        if (attemptMs < configured && error instanceof TimeoutError) {
          throw this.#deadlineError('during an attempt', error);
        }
        if (!mayRetry || retries >= retry.limit || !isRetryableFailure(error, retry)) throw error;
        const asked = retryAfterMs(error);
        if (asked !== undefined && asked > options.retry.maxRetryAfterMs) throw error;
        const delay = asked ?? backoffMs(retries + 1, options.retry);
        const cause = (error as { code?: unknown }).code;
        const remaining = this.#remaining();
        if (remaining !== undefined && remaining - delay < options.retry.minAttemptMs) {
          log.debug(
            { cause, remaining_ms: Math.round(remaining) },
            `Not retrying ${service}: the deadline is too near`,
          );
          throw error;
        }
        if (!budget.tryRetry()) {
          log.debug({ cause }, `Not retrying ${service}: its retry budget is spent`);
          throw error;
        }
        retries += 1;
        metrics.retries.inc({ service });
        log.warn(
          {
            method: this.#target.method,
            url: this.#target.url,
            attempt: retries,
            cause,
            status: (error as { response?: { statusCode?: number } }).response?.statusCode,
          },
          `Retrying ${service} (${retries}/${retry.limit}) after ${String(cause)}`,
        );
        await this.#sleep(delay);
        // Timers can fire late: check again that the retry still fits before sending it.
        const after = this.#remaining();
        if (after !== undefined && after < options.retry.minAttemptMs) throw error;
      }
    }
  }

  /** One attempt, or two when hedging: after the hedge delay a second one races the first. */
  #attempt(attemptMs: number, mayHedge: boolean): Promise<unknown> {
    const { options, latencies, budget, metrics, service, log } = this.#r;
    const hedgeAfter = mayHedge
      ? (options.hedge.delayMs ?? latencies.percentile(options.hedge.percentile))
      : undefined;
    return new Promise((resolve, reject) => {
      const started: Attempt[] = [];
      let pending = 0;
      let done = false;
      const watch = (attempt: Attempt): void => {
        const startedAt = performance.now();
        started.push(attempt);
        pending += 1;
        attempt.then(
          (value) => {
            if (done) return;
            done = true;
            clearTimeout(hedgeTimer);
            latencies.record(performance.now() - startedAt);
            this.winner = attempt;
            for (const other of started) if (other !== attempt) other.cancel();
            resolve(value);
          },
          (error: unknown) => {
            pending -= 1;
            if (done || pending > 0) return;
            done = true;
            clearTimeout(hedgeTimer);
            reject(error);
          },
        );
      };
      watch(this.#launch(attemptMs));
      // Attempts settle asynchronously, after this is set: their callbacks may clear it.
      const hedgeTimer =
        hedgeAfter === undefined || hedgeAfter >= attemptMs
          ? undefined
          : setTimeout(() => {
              if (done || this.#cancelled) return;
              const left = this.#remaining();
              if (left !== undefined && left < options.retry.minAttemptMs) return;
              if (!budget.tryRetry()) return;
              metrics.hedges.inc({ service });
              log.debug({ hedge_after_ms: Math.round(hedgeAfter) }, `Hedging ${service}: a second attempt`);
              try {
                watch(this.#launch(this.#attemptMs()));
              } catch {
                // The first attempt still runs; a hedge that cannot start changes nothing.
              }
            }, hedgeAfter);
    });
  }

  #launch(attemptMs: number): Attempt {
    this.#throwIfCancelled();
    const request = this.#request;
    const connect = Math.min(request.timeout.connect ?? this.#r.options.timeout.connect, attemptMs);
    const attempt = send(
      undefined,
      {
        timeout: { connect, request: attemptMs },
        retry: { limit: 0 },
        context: { [ATTEMPT_DEADLINE]: Date.now() + attemptMs },
      },
      request,
    );
    for (const event of PROXIED_EVENTS) {
      (attempt.on as (event: string, listener: (...args: unknown[]) => void) => Attempt)(event, (...args) =>
        this.events.emit(event, ...args),
      );
    }
    this.#inFlight.add(attempt);
    const forget = (): void => {
      this.#inFlight.delete(attempt);
    };
    attempt.then(forget, forget);
    return attempt;
  }

  async #sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#wake = undefined;
    this.#throwIfCancelled();
  }
}

type BodyType = 'json' | 'text' | 'buffer';

/**
 * The call's promise with got's helpers (`.json()`, `.text()`, `.buffer()`, `.cancel()`,
 * `.on()`), which got would otherwise copy from a request this handler never sends.
 */
export function callPromise(call: ServiceCall, request: Options): Promise<unknown> {
  const promise = call.run();
  const result = promise as Promise<unknown> & Record<string, unknown>;
  const parsed = (type: BodyType): Promise<unknown> => {
    const body = promise.then(() => {
      if (!call.winner) throw new TypeError('no answer to parse');
      return call.winner[type]();
    });
    Object.defineProperties(body, Object.getOwnPropertyDescriptors(result));
    return body;
  };
  result['json'] = () => {
    // Before the first attempt is sent (it starts after at least one await), as got's own .json() does.
    if (!('accept' in request.headers)) request.headers['accept'] = 'application/json';
    return parsed('json');
  };
  result['text'] = () => parsed('text');
  result['buffer'] = () => parsed('buffer');
  result['on'] = (event: string, listener: (...args: unknown[]) => void) => {
    call.events.on(event, listener);
    return result;
  };
  result['off'] = (event: string, listener: (...args: unknown[]) => void) => {
    call.events.off(event, listener);
    return result;
  };
  // got assigns the unsent request's cancel to the promise a handler returns: keep ours.
  Object.defineProperty(result, 'cancel', {
    get: () => () => call.cancel(),
    set: () => {},
    enumerable: false,
    configurable: true,
  });
  return result;
}
