import type { Redis } from 'ioredis';

/**
 * Resolves true once the client is ready, false when `timeoutMs` passes first or the client
 * is closed for good; never throws (callers decide: start anyway and report not ready, or stop).
 */
export function waitUntilReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  if (redis.status === 'end') return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ready: boolean): void => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('end', onEnd);
      resolve(ready);
    };
    const onReady = (): void => done(true);
    const onEnd = (): void => done(false);
    const timer = setTimeout(done, timeoutMs, false);
    redis.on('ready', onReady);
    redis.on('end', onEnd);
  });
}
