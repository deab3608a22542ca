import { AsyncLocalStorage } from 'node:async_hooks';

// One store for the process: the absolute deadline (epoch ms) of the work being done.
const storage = new AsyncLocalStorage<number>();

/** The absolute deadline (epoch milliseconds) of the work being done, if any. */
export function currentDeadline(): number | undefined {
  return storage.getStore();
}

/** Milliseconds left before the current deadline (0 once passed), or undefined without one. */
export function remainingMs(now = Date.now()): number | undefined {
  const deadline = storage.getStore();
  return deadline === undefined ? undefined : Math.max(0, deadline - now);
}

/**
 * Runs `fn` under the absolute deadline `at` (epoch ms). A deadline already current and
 * earlier wins: a nested scope can shorten the time left, never extend it.
 */
export function runWithDeadlineAt<T>(at: number, fn: () => T): T {
  const outer = storage.getStore();
  return storage.run(outer === undefined ? at : Math.min(outer, at), fn);
}

/** Runs `fn` with at most `ms` milliseconds from now (and no more than a current deadline leaves). */
export function runWithDeadline<T>(ms: number, fn: () => T): T {
  return runWithDeadlineAt(Date.now() + Math.max(0, ms), fn);
}
