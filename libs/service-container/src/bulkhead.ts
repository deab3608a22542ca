export interface BulkheadOptions {
  /** Calls to the service in flight at once. */
  maxConcurrent: number;
  /** Calls waiting for a slot; one more is refused at once. */
  maxQueue: number;
  /** Longest wait for a slot (the call's deadline may cut it shorter). */
  queueTimeoutMs: number;
}

/** Why `acquire()` gave up: the queue was full, or the wait ran out (by the queue bound or the deadline). */
export class BulkheadRefusal extends Error {
  readonly reason: 'queue-full' | 'queue-timeout' | 'deadline';
  readonly waitedMs: number;

  constructor(reason: BulkheadRefusal['reason'], waitedMs: number) {
    super(`bulkhead refused: ${reason}`);
    this.name = 'BulkheadRefusal';
    this.reason = reason;
    this.waitedMs = waitedMs;
  }
}

interface Waiter {
  grant: () => void;
  timer: NodeJS.Timeout;
}

/**
 * Bounds the calls in flight to one service, with a bounded queue in front: a slow service
 * then holds at most `maxConcurrent` sockets, buffers and handlers of the caller, and the
 * calls beyond the queue fail at once instead of piling up.
 */
export class Bulkhead {
  readonly #options: BulkheadOptions;
  readonly #queue: Waiter[] = [];
  #active = 0;

  constructor(options: BulkheadOptions) {
    this.#options = options;
  }

  get active(): number {
    return this.#active;
  }

  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Resolves with the function that gives the slot back, once one is free; rejects with a
   * BulkheadRefusal when the queue is full or the wait outlasts the queue bound or `deadlineAt`.
   */
  acquire(deadlineAt?: number): Promise<() => void> {
    if (this.#active < this.#options.maxConcurrent) {
      this.#active += 1;
      return Promise.resolve(this.#releaser());
    }
    if (this.#queue.length >= this.#options.maxQueue) {
      return Promise.reject(new BulkheadRefusal('queue-full', 0));
    }
    const started = Date.now();
    const untilDeadline = deadlineAt === undefined ? Infinity : Math.max(0, deadlineAt - started);
    const byDeadline = untilDeadline < this.#options.queueTimeoutMs;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(waiter.timer);
          resolve(this.#releaser());
        },
        timer: setTimeout(
          () => {
            const index = this.#queue.indexOf(waiter);
            if (index >= 0) this.#queue.splice(index, 1);
            reject(new BulkheadRefusal(byDeadline ? 'deadline' : 'queue-timeout', Date.now() - started));
          },
          Math.min(untilDeadline, this.#options.queueTimeoutMs),
        ),
      };
      this.#queue.push(waiter);
    });
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#queue.shift();
      // The slot passes straight to the next waiter: the count of active calls stays as it is.
      if (next) next.grant();
      else this.#active -= 1;
    };
  }
}
