import type { Redis } from 'ioredis';
import type { Logger } from '@platform/logging';
import { SecretBox } from './crypto/secret-box.js';
import { RecoveryHasher } from './recovery/recovery-hasher.js';
import { AccountService } from './service/account-service.js';
import { CodeVerifier } from './service/code-verifier.js';
import { RecoveryService } from './service/recovery-service.js';
import { AttemptLedger, type ThrottlePolicy } from './store/attempt-ledger.js';
import { AccountStore } from './store/account-store.js';
import { RecoveryStore } from './store/recovery-store.js';
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
  recovery: RecoveryService;
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
  // Recovery codes are hashed with a key derived from the encryption keys (previous ones still match).
  const recoveryHasher = new RecoveryHasher({ key: encryptionKey, previousKeys: previousEncryptionKeys });
  const accounts = new AccountService({
    store,
    ledger,
    box,
    verifier,
    recoveryHasher,
    logger,
    issuer,
    ...(clock ? { clock } : {}),
  });
  const recovery = new RecoveryService({
    store: new RecoveryStore({ redis, keys, ...(throttle ? { policy: throttle } : {}) }),
    hasher: recoveryHasher,
    logger,
    ...(clock ? { clock } : {}),
  });
  return { verifier, accounts, recovery, box, store, ledger };
}
