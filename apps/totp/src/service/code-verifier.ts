import { TooManyRequestsError } from '@platform/errors';
import type { Logger } from '@platform/logging';
import { checkTotp } from '../otp/totp-engine.js';
import type { OtpParameters } from '../otp/otp-parameters.js';
import type { AttemptLedger } from '../store/attempt-ledger.js';
import { logLockouts } from './log-lockouts.js';
import { countVerification } from './verification-metrics.js';

export interface VerificationSubject {
  /** Names the subject in Redis and logs: "seed" or "account:<id>". */
  key: string;
  secret: Uint8Array;
  parameters: OtpParameters;
}

export type Verdict = 'accepted' | 'rejected' | 'replayed';

/**
 * Checks a code (previous, current or next step) and records the attempt atomically:
 * a step accepted once is refused from then on, failures lock the subject and the end user's
 * address (when known) out for a while (429 with Retry-After), and each lockout is logged.
 */
export class CodeVerifier {
  readonly #ledger: AttemptLedger;
  readonly #logger: Logger;
  readonly #clock: () => number;

  constructor(options: { ledger: AttemptLedger; logger: Logger; clock?: () => number }) {
    const { ledger, logger, clock = () => Date.now() } = options;
    this.#ledger = ledger;
    this.#logger = logger.child({ module: 'code-verifier' });
    this.#clock = clock;
  }

  /**
   * `address`: the end user's address, throttled across subjects; undefined throttles the subject
   * only (a server-side caller checking codes for many users from one address).
   */
  async verify(subject: VerificationSubject, code: string, address: string | undefined): Promise<Verdict> {
    const nowMs = this.#clock();
    const check = checkTotp(subject.secret, code, Math.floor(nowMs / 1000), subject.parameters);
    const result = await this.#ledger.attempt({
      subject: subject.key,
      address,
      step: check.valid ? check.step : undefined,
      nowMs,
      periodMs: subject.parameters.period * 1000,
    });
    countVerification(result.outcome);
    switch (result.outcome) {
      case 'locked':
        throw new TooManyRequestsError(
          result.retryAfterMs / 1000,
          'Too many failed codes; try again after the lockout',
        );
      case 'accepted':
        return 'accepted';
      default:
        logLockouts(this.#logger, subject.key, address, result.subjectLockoutMs, result.addressLockoutMs);
        return result.outcome;
    }
  }
}
