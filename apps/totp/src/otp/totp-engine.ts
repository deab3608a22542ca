import { generateSync as hotpGenerate } from '@otplib/hotp';
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { generateSync as totpGenerate, verifySync as totpVerify } from '@otplib/totp';
import type { OtpParameters } from './otp-parameters.js';

const crypto = new NodeCryptoPlugin();

export type CodeCheck = { valid: true; step: number } | { valid: false };

/** RFC 4226 HOTP: the code for one counter value. */
export function hotpCode(
  secret: Uint8Array,
  counter: number,
  parameters: Omit<OtpParameters, 'period'>,
): string {
  return hotpGenerate({
    secret,
    counter,
    crypto,
    algorithm: parameters.algorithm,
    digits: parameters.digits,
  });
}

/** RFC 6238 TOTP: the code at a time (seconds since the epoch). */
export function totpCode(secret: Uint8Array, epochSeconds: number, parameters: OtpParameters): string {
  return totpGenerate({ secret, crypto, epoch: epochSeconds, ...parameters });
}

/** The time step a moment falls in. */
export function timeStepOf(epochSeconds: number, period: number): number {
  return Math.floor(epochSeconds / period);
}

/**
 * Checks a code against the previous, current and next time steps (one step of
 * clock drift either way, RFC 6238 section 5.2), comparing in constant time.
 * Returns the step that matched, so the caller can refuse it from then on.
 */
export function checkTotp(
  secret: Uint8Array,
  code: string,
  epochSeconds: number,
  parameters: OtpParameters,
): CodeCheck {
  if (code.length !== parameters.digits || !/^\d+$/.test(code)) return { valid: false };
  // A tolerance of one period overlaps exactly the neighbouring steps, wherever in its step `epoch` falls.
  const result = totpVerify({
    secret,
    token: code,
    crypto,
    epoch: epochSeconds,
    epochTolerance: parameters.period,
    ...parameters,
  });
  return result.valid ? { valid: true, step: result.timeStep } : { valid: false };
}
