export interface ReconnectDelayOptions {
  /** Delay before the first retry. */
  baseMs?: number;
  /** Cap on any delay, so recovery is noticed soon after Redis returns. */
  maxMs?: number;
  /** Source of jitter in [0, 1); replicas that lost Redis together don't retry in lockstep. */
  random?: () => number;
}

/**
 * An ioredis retryStrategy: exponential back-off with jitter, capped, never
 * giving up (a number, not null), so the client reconnects by itself forever.
 */
export function reconnectDelay(options: ReconnectDelayOptions = {}): (attempt: number) => number {
  const { baseMs = 50, maxMs = 2_000, random = Math.random } = options;
  return (attempt) => {
    const exponential = baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 20);
    const capped = Math.min(exponential, maxMs);
    // Full delay minus up to a fifth of it.
    return Math.max(1, Math.round(capped * (1 - random() / 5)));
  };
}
