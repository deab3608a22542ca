import type { Redis } from 'ioredis';
import { defaultThrottlePolicy, type ThrottlePolicy } from './attempt-ledger.js';
import { countRecoveryScript, replaceRecoveryScript, spendRecoveryScript } from './recovery-scripts.js';
import type { RedisKeys } from './redis-keys.js';
import { storeCall } from './store-call.js';

export interface SpendInput {
  account: string;
  /** Names the account in the throttle ("account:<id>"), shared with its TOTP code checks. */
  subject: string;
  address: string | undefined;
  /** The code's hash under the current key, then under each previous key. */
  candidates: readonly string[];
  nowMs: number;
}

export type SpendOutcome =
  | { outcome: 'missing' }
  | { outcome: 'state'; state: string }
  | { outcome: 'locked'; retryAfterMs: number }
  | { outcome: 'accepted'; remaining: number }
  | { outcome: 'rejected'; remaining: number; subjectLockoutMs: number; addressLockoutMs: number };

type SpendReply = [string, number, number, number, number];

interface RedisWithRecovery extends Redis {
  totpSpendRecovery(...args: (string | number)[]): Promise<SpendReply>;
  totpReplaceRecovery(...args: string[]): Promise<string>;
  totpCountRecovery(account: string, set: string): Promise<number>;
}

/**
 * The keyed hashes of each account's unspent recovery codes, one Redis set per account; a spend
 * (check, remove, count the failure) and a regeneration are one Lua script each.
 */
export class RecoveryStore {
  readonly #redis: RedisWithRecovery;
  readonly #keys: RedisKeys;
  readonly #policy: ThrottlePolicy;

  constructor(options: { redis: Redis; keys: RedisKeys; policy?: Partial<ThrottlePolicy> }) {
    const { redis, keys, policy = {} } = options;
    // No fixed key count for the spend: the address throttle key is passed only when there is an address.
    if (!('totpSpendRecovery' in redis))
      redis.defineCommand('totpSpendRecovery', { lua: spendRecoveryScript });
    if (!('totpReplaceRecovery' in redis))
      redis.defineCommand('totpReplaceRecovery', { numberOfKeys: 2, lua: replaceRecoveryScript });
    if (!('totpCountRecovery' in redis))
      redis.defineCommand('totpCountRecovery', { numberOfKeys: 2, lua: countRecoveryScript });
    this.#redis = redis as RedisWithRecovery;
    this.#keys = keys;
    this.#policy = { ...defaultThrottlePolicy, ...policy };
  }

  async spend(input: SpendInput): Promise<SpendOutcome> {
    const { account, subject, address, candidates, nowMs } = input;
    const policy = this.#policy;
    const keys = [
      this.#keys.account(account),
      this.#keys.recovery(account),
      this.#keys.subjectThrottle(subject),
    ];
    if (address !== undefined) keys.push(this.#keys.addressThrottle(address));
    const [outcome, retryAfterMs, subjectLockoutMs, addressLockoutMs, remaining] = await storeCall(() =>
      this.#redis.totpSpendRecovery(
        keys.length,
        ...keys,
        nowMs,
        policy.lockoutMs,
        policy.maxLockoutMs,
        policy.windowMs,
        policy.subjectFailures,
        policy.addressFailures,
        ...candidates,
      ),
    );
    if (outcome === 'missing') return { outcome };
    if (outcome.startsWith('state:')) return { outcome: 'state', state: outcome.slice('state:'.length) };
    switch (outcome) {
      case 'locked':
        return { outcome, retryAfterMs };
      case 'accepted':
        return { outcome, remaining };
      case 'rejected':
        return { outcome, remaining, subjectLockoutMs, addressLockoutMs };
      default:
        throw new Error(`Unexpected recovery outcome ${outcome}`);
    }
  }

  /** Voids the account's codes and stores the new hashes, in one step; false without the account. */
  async replace(account: string, hashes: readonly string[]): Promise<boolean> {
    const result = await storeCall(() =>
      this.#redis.totpReplaceRecovery(this.#keys.account(account), this.#keys.recovery(account), ...hashes),
    );
    return result === 'ok';
  }

  /** Codes left, or undefined without the account. */
  async count(account: string): Promise<number | undefined> {
    const count = await storeCall(() =>
      this.#redis.totpCountRecovery(this.#keys.account(account), this.#keys.recovery(account)),
    );
    return count < 0 ? undefined : count;
  }
}
