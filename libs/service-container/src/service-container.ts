import type { Got } from 'got';
import type { Logger } from '@platform/logging';
import { checkService, type ServiceHealth } from './check-service.js';
import { ContainerConfigError } from './container-config-error.js';
import { ServiceAlreadyDefinedError, UnknownServiceError } from './container-errors.js';
import { createServiceClient, type ServiceClient } from './create-service-client.js';
import type { CircuitState } from './service-breaker.js';
import type { ServiceOptions, ServiceOptionsInput } from './service-options.js';
import { validateService } from './validate-service.js';

export interface ServiceContainerOptions {
  logger: Logger;
  /** Validated services, as `parseContainer` returns them. */
  services?: ReadonlyMap<string, ServiceOptions>;
}

export interface CheckOptions {
  /** Bound on each probe; they run in parallel, so on the whole check too. */
  timeoutMs?: number;
  /** Only these services (default: all). */
  services?: readonly string[];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Named HTTP clients: one got instance per service, created on first `get()` and reused.
 * Call `close()` at shutdown to stop breakers and close pooled connections.
 */
export class ServiceContainer {
  readonly #logger: Logger;
  readonly #definitions = new Map<string, ServiceOptions>();
  readonly #clients = new Map<string, ServiceClient>();

  constructor(options: ServiceContainerOptions) {
    this.#logger = options.logger;
    for (const [name, definition] of options.services ?? [])
      this.#definitions.set(name, deepFreeze(definition));
  }

  /** Adds a service in code, validated like a container file entry. */
  add(name: string, options: ServiceOptionsInput): this {
    if (this.#definitions.has(name)) throw new ServiceAlreadyDefinedError(name);
    const result = validateService(name, options);
    if (result.problems) throw new ContainerConfigError('CONTAINER_SERVICE_INVALID', 'code', result.problems);
    this.#definitions.set(name, deepFreeze(result.options));
    return this;
  }

  has(name: string): boolean {
    return this.#definitions.has(name);
  }

  /** Service names, in the order they were defined. */
  names(): string[] {
    return [...this.#definitions.keys()];
  }

  /** A service's options, defaults applied (frozen). */
  options(name: string): Readonly<ServiceOptions> {
    const definition = this.#definitions.get(name);
    if (!definition) throw new UnknownServiceError(name, this.names());
    return definition;
  }

  /** The service's got client; created once. */
  get(name: string): Got {
    return this.#client(name).client;
  }

  circuit(name: string): CircuitState {
    return this.#client(name).breaker.state;
  }

  /** Probes every service's health path in parallel, each bounded by `timeoutMs`. */
  async check(options: CheckOptions = {}): Promise<ServiceHealth[]> {
    const { timeoutMs = 2_000, services = this.names() } = options;
    return Promise.all(
      services.map((name) => checkService(name, this.options(name), this.#client(name), timeoutMs)),
    );
  }

  /** Stops every breaker and closes pooled connections. */
  close(): void {
    for (const client of this.#clients.values()) client.close();
    this.#clients.clear();
  }

  #client(name: string): ServiceClient {
    const existing = this.#clients.get(name);
    if (existing) return existing;
    const client = createServiceClient(name, this.options(name), this.#logger);
    this.#clients.set(name, client);
    return client;
  }
}
