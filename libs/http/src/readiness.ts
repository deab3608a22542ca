export type ReadinessCheck = () => Promise<unknown> | unknown;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, 'ok' | 'down' | 'timeout'>;
  draining: boolean;
}

/**
 * The checks an app registers for GET /readyz, plus the draining flag that
 * shutdown raises so load balancers stop sending new requests.
 */
export class Readiness {
  readonly #checks = new Map<string, ReadinessCheck>();
  readonly #timeoutMs: number;
  #draining = false;

  constructor(options: { timeoutMs?: number } = {}) {
    const { timeoutMs = 2_000 } = options;
    this.#timeoutMs = timeoutMs;
  }

  /** A check passes when it resolves to anything but `false`. */
  register(name: string, check: ReadinessCheck): this {
    this.#checks.set(name, check);
    return this;
  }

  drain(): void {
    this.#draining = true;
  }

  get draining(): boolean {
    return this.#draining;
  }

  async report(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.#checks].map(async ([name, check]) => [name, await this.#run(check)] as const),
    );
    const checks = Object.fromEntries(entries);
    const ready = !this.#draining && entries.every(([, state]) => state === 'ok');
    return { ready, checks, draining: this.#draining };
  }

  async #run(check: ReadinessCheck): Promise<'ok' | 'down' | 'timeout'> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.#timeoutMs);
    });
    try {
      const outcome = Promise.resolve()
        .then(check)
        .then(
          (value): 'ok' | 'down' => (value === false ? 'down' : 'ok'),
          (): 'down' => 'down',
        );
      return await Promise.race([outcome, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
