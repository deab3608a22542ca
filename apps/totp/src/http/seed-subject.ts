import type { OtpParameters } from '../otp/otp-parameters.js';
import type { VerificationSubject } from '../service/code-verifier.js';

/** The one shared secret of the seed-compatible mode (TOTP_BASE32_SECRET) and how it is labelled. */
export interface SeedSubject {
  subject: VerificationSubject;
  issuer: string;
  account: string;
}

export function seedSubject(options: {
  secret: Uint8Array;
  parameters: OtpParameters;
  issuer: string;
  account: string;
}): SeedSubject {
  const { secret, parameters, issuer, account } = options;
  return { subject: { key: 'seed', secret, parameters }, issuer, account };
}
