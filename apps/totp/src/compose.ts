import type { Redis } from 'ioredis';
import type { Logger } from '@platform/logging';
import { SecretBox } from './crypto/secret-box.js';
import { AccountService } from './service/account-service.js';
import { CodeVerifier } from './service/code-verifier.js';
import { AttemptLedger, type ThrottlePolicy } from './store/attempt-ledger.js';
import { AccountStore } from './store/account-store.js';
import { RedisKeys } from './store/redis-keys.js';

export interface ComposeOptions {
  redis: Redis;
  logger: Logger;
  prefix: string;
  encryptionKey: string;
  previousEncryptionKeys?: readonly string[];
  issuer: string;
  throttle?: Partial<ThrottlePolicy>;
  clock?: () => number;
}

export interface TotpServices {
  verifier: CodeVerifier;
  accounts: AccountService;
  box: SecretBox;
  store: AccountStore;
  ledger: AttemptLedger;
}

/** Wires the store, the ledger, the secret box and the services on one Redis client. */
export function composeServices(options: ComposeOptions): TotpServices {
  const {
    redis,
    logger,
    prefix,
    encryptionKey,
    previousEncryptionKeys = [],
    issuer,
    throttle,
    clock,
  } = options;
  const keys = new RedisKeys(prefix);
  const ledger = new AttemptLedger({ redis, keys, ...(throttle ? { policy: throttle } : {}) });
  const store = new AccountStore({ redis, keys });
  const box = new SecretBox({ key: encryptionKey, previousKeys: previousEncryptionKeys });
  const verifier = new CodeVerifier({ ledger, logger, ...(clock ? { clock } : {}) });
  const accounts = new AccountService({
    store,
    ledger,
    box,
    verifier,
    logger,
    issuer,
    ...(clock ? { clock } : {}),
  });
  return { verifier, accounts, box, store, ledger };
}
