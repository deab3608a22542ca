export interface RetryBudgetOptions {
  /** Retries allowed as a share of the calls started in the window, in percent. */
  percent: number;
  /** The sliding window the calls and retries are counted over. */
  windowMs: number;
  /** Retries allowed per second of the window whatever the volume, so a quiet service still retries. */
  minPerSecond: number;
}

interface Bucket {
  slot: number;
  calls: number;
  retries: number;
}

const BUCKETS = 10;

/**
 * Caps retries (and hedged attempts) at a share of the calls, over a sliding window of ten
 * buckets: when the service fails every call, retries cannot multiply its load. Within the
 * window, retries may reach `max(percent × calls, minPerSecond × window seconds)`; the floor is
 * a maximum, not an addition, so at volume the share holds exactly.
 */
export class RetryBudget {
  readonly #percent: number;
  readonly #floor: number;
  readonly #bucketMs: number;
  readonly #buckets: Bucket[];
  readonly #now: () => number;

  constructor(options: RetryBudgetOptions, now: () => number = Date.now) {
    this.#percent = options.percent;
    this.#floor = (options.minPerSecond * options.windowMs) / 1_000;
    this.#bucketMs = Math.max(1, options.windowMs / BUCKETS);
    this.#buckets = Array.from({ length: BUCKETS }, () => ({ slot: -1, calls: 0, retries: 0 }));
    this.#now = now;
  }

  /** Counts a call (its first attempt). */
  recordCall(): void {
    this.#bucket().calls += 1;
  }

  /** Takes one retry from the budget; false (and nothing taken) when it is spent. */
  tryRetry(): boolean {
    const { calls, retries } = this.#totals();
    const allowed = Math.max(Math.floor((calls * this.#percent) / 100), Math.floor(this.#floor));
    if (retries + 1 > allowed) return false;
    this.#bucket().retries += 1;
    return true;
  }

  #slot(): number {
    return Math.floor(this.#now() / this.#bucketMs);
  }

  #bucket(): Bucket {
    const slot = this.#slot();
    const bucket = this.#buckets[slot % BUCKETS]!;
    if (bucket.slot !== slot) {
      bucket.slot = slot;
      bucket.calls = 0;
      bucket.retries = 0;
    }
    return bucket;
  }

  #totals(): { calls: number; retries: number } {
    const oldest = this.#slot() - BUCKETS;
    let calls = 0;
    let retries = 0;
    for (const bucket of this.#buckets) {
      if (bucket.slot > oldest) {
        calls += bucket.calls;
        retries += bucket.retries;
      }
    }
    return { calls, retries };
  }
}
