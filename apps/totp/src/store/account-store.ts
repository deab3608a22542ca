import type { Redis } from 'ioredis';
import { isDigits, type OtpParameters } from '../otp/otp-parameters.js';
import {
  activateScript,
  deleteScript,
  rewrapScript,
  setStateScript,
  writePendingScript,
} from './account-scripts.js';
import type { RedisKeys } from './redis-keys.js';
import { storeCall } from './store-call.js';

export type AccountState = 'pending' | 'active' | 'disabled';

export interface AccountRecord {
  id: string;
  state: AccountState;
  parameters: OtpParameters;
  /** The secret as sealed by SecretBox; never the secret itself. */
  sealedSecret: string;
  createdAt: string;
  updatedAt: string;
  confirmedAt: string | undefined;
}

/** "ok", "missing", "changed" or "state:<current state>". */
export type WriteResult = string;

interface RedisWithAccounts extends Redis {
  totpWritePending(key: string, recoveryKey: string, ...args: (string | number)[]): Promise<WriteResult>;
  totpActivate(key: string, sealed: string, now: string): Promise<WriteResult>;
  totpSetState(key: string, state: AccountState, now: string, from: string): Promise<WriteResult>;
  totpRewrap(key: string, previous: string, next: string): Promise<number>;
  totpDelete(key: string, recoveryKey: string): Promise<number>;
}

const states = new Set<string>(['pending', 'active', 'disabled']);
const algorithms = new Set<string>(['sha1', 'sha256', 'sha512']);

function recordFrom(id: string, hash: Record<string, string>): AccountRecord | undefined {
  const { state, secret, algorithm, digits, period, createdAt, updatedAt, confirmedAt } = hash;
  const digitCount = Number(digits);
  if (!state || !states.has(state) || !secret || !algorithm || !algorithms.has(algorithm)) return undefined;
  if (!isDigits(digitCount) || !createdAt || !updatedAt) return undefined;
  return {
    id,
    state: state as AccountState,
    parameters: {
      algorithm: algorithm as OtpParameters['algorithm'],
      digits: digitCount,
      period: Number(period),
    },
    sealedSecret: secret,
    createdAt,
    updatedAt,
    confirmedAt,
  };
}

/** Enrolled accounts, one Redis hash each; every conditional change is one Lua script. */
export class AccountStore {
  readonly #redis: RedisWithAccounts;
  readonly #keys: RedisKeys;

  constructor(options: { redis: Redis; keys: RedisKeys }) {
    const { redis, keys } = options;
    const commands = {
      totpWritePending: { numberOfKeys: 2, lua: writePendingScript },
      totpActivate: { numberOfKeys: 1, lua: activateScript },
      totpSetState: { numberOfKeys: 1, lua: setStateScript },
      totpRewrap: { numberOfKeys: 1, lua: rewrapScript },
      totpDelete: { numberOfKeys: 2, lua: deleteScript },
    };
    for (const [name, definition] of Object.entries(commands)) {
      if (!(name in redis)) redis.defineCommand(name, definition);
    }
    this.#redis = redis as RedisWithAccounts;
    this.#keys = keys;
  }

  async get(id: string): Promise<AccountRecord | undefined> {
    const hash = await storeCall(() => this.#redis.hgetall(this.#keys.account(id)));
    return recordFrom(id, hash);
  }

  writePending(
    id: string,
    mode: 'enroll' | 'reset',
    sealedSecret: string,
    parameters: OtpParameters,
    now: Date,
    /** The new recovery code hashes of an enrollment; a reset keeps the account's codes. */
    recoveryHashes: readonly string[] = [],
  ): Promise<WriteResult> {
    const { algorithm, digits, period } = parameters;
    return storeCall(() =>
      this.#redis.totpWritePending(
        this.#keys.account(id),
        this.#keys.recovery(id),
        mode,
        sealedSecret,
        algorithm,
        digits,
        period,
        now.toISOString(),
        ...(mode === 'enroll' ? recoveryHashes : []),
      ),
    );
  }

  activate(id: string, sealedSecret: string, now: Date): Promise<WriteResult> {
    return storeCall(() => this.#redis.totpActivate(this.#keys.account(id), sealedSecret, now.toISOString()));
  }

  setState(id: string, state: AccountState, from: readonly AccountState[], now: Date): Promise<WriteResult> {
    return storeCall(() =>
      this.#redis.totpSetState(this.#keys.account(id), state, now.toISOString(), from.join(',')),
    );
  }

  async rewrap(id: string, previous: string, next: string): Promise<boolean> {
    return (await storeCall(() => this.#redis.totpRewrap(this.#keys.account(id), previous, next))) === 1;
  }

  async delete(id: string): Promise<boolean> {
    return (
      (await storeCall(() => this.#redis.totpDelete(this.#keys.account(id), this.#keys.recovery(id)))) === 1
    );
  }

  /** Every account id, scanned in batches (never KEYS). */
  async *ids(batch = 200): AsyncIterable<string> {
    const prefix = this.#keys.account('');
    const stream = this.#redis.scanStream({ match: this.#keys.accountPattern(), count: batch });
    for await (const keys of stream as AsyncIterable<string[]>) {
      for (const key of keys) yield key.slice(prefix.length);
    }
  }
}
