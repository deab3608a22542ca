import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';

/**
 * Quits cleanly (pending replies first, then QUIT, then the socket closes) when connected,
 * within `timeoutMs`; otherwise, or past the bound, drops the connection. Either way the
 * client stops reconnecting. Never throws.
 */
export async function closeRedis(redis: Redis, timeoutMs = 2_000): Promise<void> {
  if (redis.status === 'end') return;
  const abort = new AbortController();
  const bound = sleep(timeoutMs, undefined, { signal: abort.signal, ref: false }).catch(() => undefined);
  const ended = once(redis, 'end', { signal: abort.signal }).then(
    () => undefined,
    () => undefined,
  );
  try {
    if (redis.status === 'ready') await Promise.race([redis.quit().then(() => ended), bound]);
  } catch {
    // Falls through to disconnect below.
  }
  // Status changed while awaiting; read it afresh.
  const status = redis.status as string;
  if (status !== 'end') {
    redis.disconnect();
    // Waiting between attempts there is no socket to close: disconnect() cancels the next attempt, and that is all.
    if (status !== 'reconnecting' && status !== 'wait') await Promise.race([ended, bound]);
  }
  abort.abort();
}
