import { AppError } from '@platform/errors';

export interface WaitForOptions {
  /** Default 10 000 ms. */
  timeoutMs?: number;
  /** Pause between checks; default 50 ms. */
  intervalMs?: number;
  /** Asked before each check: a reason ends the wait at once (the process being waited on died, say). */
  abort?: () => string | undefined;
}

/**
 * Checks until `check` returns true; a check that throws counts as "not yet". Fails with
 * WAIT_TIMEOUT (the last error as cause) or WAIT_ABORTED, naming `what` was awaited.
 */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  options: WaitForOptions = {},
): Promise<void> {
  const { timeoutMs = 10_000, intervalMs = 50, abort } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const reason = abort?.();
    if (reason !== undefined) throw new AppError('WAIT_ABORTED', `Stopped waiting for ${what}: ${reason}`);
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      throw new AppError('WAIT_TIMEOUT', `Timed out after ${timeoutMs} ms waiting for ${what}`, {
        cause: lastError,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
