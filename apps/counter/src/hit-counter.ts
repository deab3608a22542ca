import { performance } from 'node:perf_hooks';
import type { Redis } from '@platform/redis';
import { toCounterError } from './counter-errors.js';

/** A shared count of hits: `increment()` answers the value after this hit. */
export interface HitCounter {
  /** The Redis key, for people (the HTML page, logs). */
  readonly key: string;
  /** Adds one and answers the new value; throws a catalogue error (503 when Redis is down or slow). */
  increment(): Promise<number>;
  /** True when the store answers now; for /readyz. */
  isReady(): Promise<boolean>;
}

export interface RedisHitCounterOptions {
  redis: Redis;
  /** The full key, `<namespace>:<key>`. */
  key: string;
}

/**
 * The count is INCR's own reply, atomic on the server: any number of replicas
 * share it exactly, and no two hits see the same number.
 */
export function createRedisHitCounter({ redis, key }: RedisHitCounterOptions): HitCounter {
  const commandTimeoutMs = redis.options.commandTimeout;
  return {
    key,
    async increment() {
      const started = performance.now();
      try {
        return await redis.incr(key);
      } catch (error) {
        throw toCounterError(error, { elapsedMs: performance.now() - started, commandTimeoutMs });
      }
    },
    async isReady() {
      if (redis.status !== 'ready') return false;
      return (await redis.ping()) === 'PONG';
    },
  };
}
