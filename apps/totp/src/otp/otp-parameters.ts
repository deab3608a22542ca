import type { Digits, HashAlgorithm } from '@otplib/totp';

/** How codes are made for one secret (RFC 6238 defaults: SHA-1, 6 digits, 30 s). */
export interface OtpParameters {
  readonly algorithm: HashAlgorithm;
  readonly digits: Digits;
  /** Time step in seconds. */
  readonly period: number;
}

export const defaultOtpParameters: OtpParameters = Object.freeze({
  algorithm: 'sha1',
  digits: 6,
  period: 30,
});

/** Secret sizes RFC 6238's reference implementation uses: the hash's output length (at least 160 bits). */
export const secretBytesFor: Readonly<Record<HashAlgorithm, number>> = Object.freeze({
  sha1: 20,
  sha256: 32,
  sha512: 64,
});

export function isDigits(value: number): value is Digits {
  return value === 6 || value === 7 || value === 8;
}

/** Requested changes to parameters; unset or undefined fields keep the base value. */
export interface ParameterOverrides {
  algorithm?: HashAlgorithm | undefined;
  digits?: Digits | undefined;
  period?: number | undefined;
}

export function mergeParameters(base: OtpParameters, overrides: ParameterOverrides): OtpParameters {
  return {
    algorithm: overrides.algorithm ?? base.algorithm,
    digits: overrides.digits ?? base.digits,
    period: overrides.period ?? base.period,
  };
}
