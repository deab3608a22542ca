import { TooManyRequestsError } from '@platform/errors';
import type { Logger } from '@platform/logging';
import { AccountNotFoundError, AccountStateError } from '../errors.js';
import { newRecoverySet } from '../recovery/new-recovery-set.js';
import type { RecoveryHasher } from '../recovery/recovery-hasher.js';
import type { RecoveryStore } from '../store/recovery-store.js';
import { subjectKeyOf } from './account-service.js';
import { countVerification } from './verification-metrics.js';
import { logLockouts } from './log-lockouts.js';

export interface RecoveryServiceOptions {
  store: RecoveryStore;
  hasher: RecoveryHasher;
  logger: Logger;
  clock?: () => number;
}

/** The verdict of a spend; `remaining` counts the account's unspent codes after it. */
export interface RecoveryVerdict {
  status: boolean;
  remaining: number;
}

/**
 * An account's single-use recovery codes: spend one in place of a TOTP code (active accounts only,
 * throttled with the account's code checks: a wrong code is a failure like a wrong TOTP code),
 * count those left, regenerate the set. Codes are shown once, when made, and never logged.
 */
export class RecoveryService {
  readonly #store: RecoveryStore;
  readonly #hasher: RecoveryHasher;
  readonly #logger: Logger;
  readonly #clock: () => number;

  constructor(options: RecoveryServiceOptions) {
    const { store, hasher, logger, clock = () => Date.now() } = options;
    this.#store = store;
    this.#hasher = hasher;
    this.#logger = logger.child({ module: 'recovery' });
    this.#clock = clock;
  }

  /**
   * Spends a code (already normalised, see normalizeRecoveryCode) of an active account: accepted
   * once, refused from then on, by every replica. 429 while the account or the address is locked out.
   */
  async spend(id: string, normalizedCode: string, address: string | undefined): Promise<RecoveryVerdict> {
    const subject = subjectKeyOf(id);
    const result = await this.#store.spend({
      account: id,
      subject,
      address,
      candidates: this.#hasher.candidates(id, normalizedCode),
      nowMs: this.#clock(),
    });
    switch (result.outcome) {
      case 'missing':
        throw new AccountNotFoundError();
      case 'state':
        throw new AccountStateError(result.state, 'active');
      case 'locked':
        countVerification('locked');
        throw new TooManyRequestsError(
          result.retryAfterMs / 1000,
          'Too many failed codes; try again after the lockout',
        );
      case 'accepted':
        countVerification('recovery_accepted');
        this.#logger.info(
          { event: 'totp.recovery.spent', account: id, remaining: result.remaining },
          'TOTP recovery code spent',
        );
        return { status: true, remaining: result.remaining };
      case 'rejected':
        countVerification('recovery_rejected');
        logLockouts(this.#logger, subject, address, result.subjectLockoutMs, result.addressLockoutMs);
        return { status: false, remaining: result.remaining };
    }
  }

  async remaining(id: string): Promise<{ remaining: number }> {
    const count = await this.#store.count(id);
    if (count === undefined) throw new AccountNotFoundError();
    return { remaining: count };
  }

  /** A new set, shown this once; the old codes stop working in the same step. */
  async regenerate(id: string): Promise<{ recoveryCodes: string[]; remaining: number }> {
    const { codes: recoveryCodes, hashes } = newRecoverySet(this.#hasher, id);
    if (!(await this.#store.replace(id, hashes))) throw new AccountNotFoundError();
    this.#logger.info(
      { event: 'totp.recovery.regenerated', account: id, remaining: hashes.length },
      'TOTP recovery codes regenerated',
    );
    return { recoveryCodes, remaining: hashes.length };
  }
}
