export interface WaitOptions {
  timeoutMs?: number;
  /** Checked before each try: a message ends the wait at once (the process died, say). */
  abort?: () => string | undefined;
}

/** Polls `check` until it returns true; errors thrown by `check` count as "not yet". */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  options: WaitOptions = {},
): Promise<void> {
  const { timeoutMs = 30_000, abort } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reason = abort?.();
    if (reason) throw new Error(`Stopped waiting for ${what}: ${reason}`);
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** GET url answers 2xx within a second. */
export async function answers(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
  await response.arrayBuffer();
  return response.ok;
}
