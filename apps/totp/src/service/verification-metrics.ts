import { counter } from '@platform/metrics';

/** Every outcome of a code check; recovery-code spends add their own. */
export type VerificationOutcome =
  'accepted' | 'rejected' | 'replayed' | 'locked' | 'recovery_accepted' | 'recovery_rejected';

const verifications = counter({
  name: 'totp_verifications_total',
  help: 'TOTP code checks by outcome: accepted, rejected, replayed (a step used before), locked (refused during a lockout), recovery_accepted or recovery_rejected (recovery codes)',
  labelNames: ['outcome'],
});

const byOutcome = new Map<VerificationOutcome, { inc: () => void }>();

/** One code check ended with `outcome`. */
export function countVerification(outcome: VerificationOutcome): void {
  let child = byOutcome.get(outcome);
  if (child === undefined) {
    child = verifications.labels(outcome);
    byOutcome.set(outcome, child);
  }
  child.inc();
}
