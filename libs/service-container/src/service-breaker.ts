import CircuitBreaker from 'opossum';
import type { Logger } from '@platform/logging';
import { isServiceFailure } from './classify-error.js';
import type { ServiceOptions } from './service-options.js';

export type CircuitState = 'closed' | 'open' | 'half-open' | 'disabled';

type Call = () => Promise<unknown>;

/** Raised by `run()` when the circuit is open; the caller turns it into SERVICE_CIRCUIT_OPEN. */
export class CircuitOpen extends Error {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, cause: unknown) {
    super('circuit open', { cause });
    this.name = 'CircuitOpen';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * One circuit breaker per service (opossum): it opens when too many calls in the rolling
 * window fail, fails fast while open, and after `resetTimeoutMs` lets one call through
 * (half-open) whose outcome closes or re-opens it.
 */
export class ServiceBreaker {
  readonly #breaker: CircuitBreaker<[Call], unknown> | undefined;
  readonly #resetTimeoutMs: number;
  #openedAt = 0;

  constructor(
    service: string,
    options: ServiceOptions['breaker'],
    logger: Logger,
    onState: (state: CircuitState) => void = () => {},
  ) {
    this.#resetTimeoutMs = options.resetTimeoutMs;
    if (!options.enabled) return;
    const breaker = new CircuitBreaker<[Call], unknown>((call) => call(), {
      name: service,
      // got bounds each attempt; a breaker timeout would leave the request running.
      timeout: false,
      errorThresholdPercentage: options.errorThresholdPercentage,
      volumeThreshold: options.volumeThreshold,
      resetTimeout: options.resetTimeoutMs,
      rollingCountTimeout: options.rollingWindowMs,
      rollingCountBuckets: 10,
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
      // Filtered errors (4xx, cancellations) still reject, but count as successes.
      errorFilter: (error: unknown) => !isServiceFailure(error),
    });
    breaker.on('open', () => {
      this.#openedAt = Date.now();
      onState('open');
      logger.warn(
        { service, resetTimeoutMs: options.resetTimeoutMs },
        `Circuit for ${service} opened: failing fast for ${options.resetTimeoutMs} ms`,
      );
    });
    breaker.on('halfOpen', () => {
      onState('half-open');
      logger.info({ service }, `Circuit for ${service} half-open: probing`);
    });
    breaker.on('close', () => {
      onState('closed');
      logger.info({ service }, `Circuit for ${service} closed`);
    });
    this.#breaker = breaker;
    onState('closed');
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    if (!this.#breaker) return call();
    try {
      return (await this.#breaker.fire(call)) as T;
    } catch (error) {
      if (
        (error as { code?: unknown }).code === 'EOPENBREAKER' &&
        CircuitBreaker.isOurError(error as Error)
      ) {
        throw new CircuitOpen(this.retryAfterSeconds(), error);
      }
      throw error;
    }
  }

  get state(): CircuitState {
    if (!this.#breaker) return 'disabled';
    if (this.#breaker.halfOpen) return 'half-open';
    return this.#breaker.opened ? 'open' : 'closed';
  }

  /** Seconds until the next probe may go through (at least 1). */
  retryAfterSeconds(): number {
    const remaining = this.#resetTimeoutMs - (Date.now() - this.#openedAt);
    return Math.max(1, Math.ceil(remaining / 1000));
  }

  shutdown(): void {
    this.#breaker?.shutdown();
  }
}
