import type { Logger } from '@platform/logging';
import type { SecretBox } from '../crypto/secret-box.js';
import { AccountNotFoundError, AccountStateError } from '../errors.js';
import { generateSecret } from '../otp/generate-secret.js';
import { otpauthUri } from '../otp/otpauth-uri.js';
import { mergeParameters, type OtpParameters, type ParameterOverrides } from '../otp/otp-parameters.js';
import { newRecoverySet } from '../recovery/new-recovery-set.js';
import type { RecoveryHasher } from '../recovery/recovery-hasher.js';
import type { AttemptLedger } from '../store/attempt-ledger.js';
import type { AccountRecord, AccountState, AccountStore, WriteResult } from '../store/account-store.js';
import type { CodeVerifier, Verdict } from './code-verifier.js';

/** What the API shows of an account: never its secret. */
export interface AccountView {
  account: string;
  state: AccountState;
  algorithm: OtpParameters['algorithm'];
  digits: number;
  period: number;
  createdAt: string;
  updatedAt: string;
  confirmedAt?: string;
}

export interface Enrollment {
  account: AccountView;
  /** Shown while the enrollment is pending only; redacted from logs by the platform logger. */
  otpauthUri: string;
  /**
   * A new enrollment's single-use recovery codes, shown this once (only their keyed hashes are
   * stored); absent from a reset, which keeps the account's codes.
   */
  recoveryCodes?: string[];
}

/** What the provisioning page shows of a pending enrollment. */
export interface PendingEnrollment {
  otpauthUri: string;
  /** Only when this call created the enrollment: its codes are never readable again. */
  recoveryCodes?: string[];
}

export function accountView(record: AccountRecord): AccountView {
  return {
    account: record.id,
    state: record.state,
    ...record.parameters,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    ...(record.confirmedAt ? { confirmedAt: record.confirmedAt } : {}),
  };
}

export function subjectKeyOf(accountId: string): string {
  return `account:${accountId}`;
}

function throwFor(result: WriteResult, expected: string): void {
  if (result === 'ok') return;
  if (result === 'missing') throw new AccountNotFoundError();
  if (result.startsWith('state:')) throw new AccountStateError(result.slice('state:'.length), expected);
  throw new AccountStateError('changed', expected);
}

export interface AccountServiceOptions {
  store: AccountStore;
  ledger: AttemptLedger;
  box: SecretBox;
  verifier: CodeVerifier;
  /** Hashes the recovery codes each enrollment gets. */
  recoveryHasher: RecoveryHasher;
  logger: Logger;
  issuer: string;
  clock?: () => number;
}

/**
 * Enrollment and verification of accounts: enroll (pending, secret shown once as an
 * otpauth URI), confirm with a first valid code (active; the secret is never shown again),
 * verify, disable, reset (a new pending secret) and delete.
 */
export class AccountService {
  readonly #options: Required<AccountServiceOptions>;
  readonly #logger: Logger;

  constructor(options: AccountServiceOptions) {
    this.#options = { clock: () => Date.now(), ...options };
    this.#logger = options.logger.child({ module: 'accounts' });
  }

  async get(id: string): Promise<AccountView> {
    return accountView(await this.#require(id));
  }

  /** A new pending enrollment; replaces an unconfirmed one, refuses an active or disabled account. */
  enroll(id: string, parameters: OtpParameters): Promise<Enrollment> {
    return this.#writePending(id, 'enroll', parameters);
  }

  /** A new secret for an existing account, pending until confirmed again. */
  async reset(id: string, parameters: ParameterOverrides = {}): Promise<Enrollment> {
    const current = await this.#require(id);
    return this.#writePending(id, 'reset', mergeParameters(current.parameters, parameters));
  }

  /**
   * The otpauth URI of a pending enrollment, creating one (with its recovery codes) if the account
   * does not exist; for the local provisioning page. Refuses once the account is confirmed.
   */
  async pendingEnrollment(id: string, parameters: OtpParameters): Promise<PendingEnrollment> {
    const record = await this.#options.store.get(id);
    if (!record) {
      const enrollment = await this.enroll(id, parameters);
      return {
        otpauthUri: enrollment.otpauthUri,
        ...(enrollment.recoveryCodes ? { recoveryCodes: enrollment.recoveryCodes } : {}),
      };
    }
    if (record.state !== 'pending') throw new AccountStateError(record.state, 'pending');
    const secret = this.#open(record);
    try {
      return {
        otpauthUri: otpauthUri(secret, { issuer: this.#options.issuer, account: id }, record.parameters),
      };
    } finally {
      secret.fill(0);
    }
  }

  /** Activates a pending account with its first valid code. */
  async confirm(
    id: string,
    code: string,
    address: string | undefined,
  ): Promise<{ status: boolean; state: AccountState }> {
    const record = await this.#require(id);
    if (record.state !== 'pending') throw new AccountStateError(record.state, 'pending');
    const verdict = await this.#check(record, code, address);
    if (verdict !== 'accepted') return { status: false, state: record.state };
    throwFor(await this.#options.store.activate(id, record.sealedSecret, this.#now()), 'pending');
    this.#logger.info({ event: 'totp.account.confirmed', account: id }, 'TOTP account confirmed');
    return { status: true, state: 'active' };
  }

  async verify(id: string, code: string, address: string | undefined): Promise<{ status: boolean }> {
    const record = await this.#require(id);
    if (record.state !== 'active') throw new AccountStateError(record.state, 'active');
    return { status: (await this.#check(record, code, address)) === 'accepted' };
  }

  /**
   * The browser client's check: confirms a pending account with its first valid code,
   * verifies an active one.
   */
  async confirmOrVerify(id: string, code: string, address: string | undefined): Promise<{ status: boolean }> {
    const record = await this.#require(id);
    if (record.state === 'pending') return { status: (await this.confirm(id, code, address)).status };
    return this.verify(id, code, address);
  }

  async disable(id: string): Promise<AccountView> {
    throwFor(
      await this.#options.store.setState(id, 'disabled', ['pending', 'active', 'disabled'], this.#now()),
      'enrolled',
    );
    this.#logger.info({ event: 'totp.account.disabled', account: id }, 'TOTP account disabled');
    return this.get(id);
  }

  async enable(id: string): Promise<AccountView> {
    const record = await this.#require(id);
    // Only an account that was confirmed goes back to active; one never confirmed needs a reset.
    if (record.state !== 'disabled' || !record.confirmedAt)
      throw new AccountStateError(record.state, 'disabled');
    throwFor(await this.#options.store.setState(id, 'active', ['disabled'], this.#now()), 'disabled');
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    if (!(await this.#options.store.delete(id))) throw new AccountNotFoundError();
    await this.#options.ledger.forget(subjectKeyOf(id));
    this.#logger.info({ event: 'totp.account.deleted', account: id }, 'TOTP account deleted');
  }

  /** Seals every secret that is still under a previous key with the current one; returns how many. */
  async rewrapAll(): Promise<number> {
    let count = 0;
    for await (const id of this.#options.store.ids()) {
      const record = await this.#options.store.get(id);
      if (record && (await this.#rewrapIfStale(record))) count += 1;
    }
    return count;
  }

  async #writePending(id: string, mode: 'enroll' | 'reset', parameters: OtpParameters): Promise<Enrollment> {
    const secret = generateSecret(parameters.algorithm);
    const sealed = this.#options.box.seal(secret, id);
    const recovery = mode === 'enroll' ? newRecoverySet(this.#options.recoveryHasher, id) : undefined;
    throwFor(
      await this.#options.store.writePending(id, mode, sealed, parameters, this.#now(), recovery?.hashes),
      mode === 'enroll' ? 'new or pending' : 'enrolled',
    );
    this.#logger.info(
      { event: `totp.account.${mode}`, account: id },
      `TOTP account ${mode === 'enroll' ? 'enrolled' : 'reset'}`,
    );
    const uri = otpauthUri(secret, { issuer: this.#options.issuer, account: id }, parameters);
    secret.fill(0);
    return {
      account: await this.get(id),
      otpauthUri: uri,
      ...(recovery ? { recoveryCodes: recovery.codes } : {}),
    };
  }

  async #check(record: AccountRecord, code: string, address: string | undefined): Promise<Verdict> {
    const secret = this.#open(record);
    try {
      const verdict = await this.#options.verifier.verify(
        { key: subjectKeyOf(record.id), secret, parameters: record.parameters },
        code,
        address,
      );
      if (verdict === 'accepted') await this.#rewrapIfStale(record);
      return verdict;
    } finally {
      secret.fill(0);
    }
  }

  async #rewrapIfStale(record: AccountRecord): Promise<boolean> {
    const { plaintext, stale } = this.#options.box.open(record.sealedSecret, record.id);
    try {
      if (!stale) return false;
      return await this.#options.store.rewrap(
        record.id,
        record.sealedSecret,
        this.#options.box.seal(plaintext, record.id),
      );
    } finally {
      plaintext.fill(0);
    }
  }

  #open(record: AccountRecord): Uint8Array {
    return this.#options.box.open(record.sealedSecret, record.id).plaintext;
  }

  async #require(id: string): Promise<AccountRecord> {
    const record = await this.#options.store.get(id);
    if (!record) throw new AccountNotFoundError();
    return record;
  }

  #now(): Date {
    return new Date(this.#options.clock());
  }
}
