import type { Redis } from 'ioredis';
import { attemptScript } from './attempt-script.js';
import type { RedisKeys } from './redis-keys.js';
import { storeCall } from './store-call.js';

export interface ThrottlePolicy {
  /** Failures of one subject (account or seed secret) before it is locked out. */
  subjectFailures: number;
  /** Failures from one client address (when an attempt has one) before it is locked out. */
  addressFailures: number;
  lockoutMs: number;
  maxLockoutMs: number;
  /** Failures are forgotten this long after the last one. */
  windowMs: number;
}

export const defaultThrottlePolicy: ThrottlePolicy = Object.freeze({
  subjectFailures: 5,
  addressFailures: 20,
  lockoutMs: 30_000,
  maxLockoutMs: 900_000,
  windowMs: 900_000,
});

export interface AttemptInput {
  subject: string;
  /**
   * The end user's address, throttled across subjects; undefined throttles the subject only
   * (a server-side caller that did not say whose request it forwards).
   */
  address: string | undefined;
  /** The time step the code matched, or undefined when it matched none. */
  step: number | undefined;
  nowMs: number;
  periodMs: number;
}

export type AttemptOutcome =
  | { outcome: 'locked'; retryAfterMs: number }
  | { outcome: 'accepted' }
  | { outcome: 'replayed' | 'rejected'; subjectLockoutMs: number; addressLockoutMs: number };

type AttemptReply = [string, number, number, number];

interface RedisWithAttempt extends Redis {
  totpAttempt(...args: (string | number)[]): Promise<AttemptReply>;
}

/** Last accepted steps and failure throttling, kept in Redis and changed only by one Lua script. */
export class AttemptLedger {
  readonly #redis: RedisWithAttempt;
  readonly #keys: RedisKeys;
  readonly #policy: ThrottlePolicy;

  constructor(options: { redis: Redis; keys: RedisKeys; policy?: Partial<ThrottlePolicy> }) {
    const { redis, keys, policy = {} } = options;
    if (!('totpAttempt' in redis))
      // No fixed key count: the address throttle key is passed only when there is an address.
      redis.defineCommand('totpAttempt', { lua: attemptScript });
    this.#redis = redis as RedisWithAttempt;
    this.#keys = keys;
    this.#policy = { ...defaultThrottlePolicy, ...policy };
  }

  async attempt(input: AttemptInput): Promise<AttemptOutcome> {
    const { subject, address, step, nowMs, periodMs } = input;
    const policy = this.#policy;
    const keys = [this.#keys.lastStep(subject), this.#keys.subjectThrottle(subject)];
    if (address !== undefined) keys.push(this.#keys.addressThrottle(address));
    const [outcome, retryAfterMs, subjectLockoutMs, addressLockoutMs] = await storeCall(() =>
      this.#redis.totpAttempt(
        keys.length,
        ...keys,
        nowMs,
        step ?? -1,
        // A step stops mattering once it is out of the ±1 window: at most three periods later, plus a margin.
        periodMs * 4,
        policy.subjectFailures,
        policy.addressFailures,
        policy.lockoutMs,
        policy.maxLockoutMs,
        policy.windowMs,
      ),
    );
    switch (outcome) {
      case 'locked':
        return { outcome, retryAfterMs };
      case 'accepted':
        return { outcome };
      case 'replayed':
      case 'rejected':
        return { outcome, subjectLockoutMs, addressLockoutMs };
      default:
        throw new Error(`Unexpected attempt outcome ${outcome}`);
    }
  }

  /** Forgets a subject's last step and failures (an account deleted). */
  async forget(subject: string): Promise<void> {
    await storeCall(() => this.#redis.del(this.#keys.lastStep(subject), this.#keys.subjectThrottle(subject)));
  }
}
