import { generateTOTP, parse } from '@otplib/uri';
import { base32Decode, base32Encode } from './base32.js';
import { isDigits, type OtpParameters } from './otp-parameters.js';

export interface OtpauthIdentity {
  issuer: string;
  account: string;
}

/**
 * The Key URI that authenticator apps read from a QR code:
 * otpauth://totp/<issuer>:<account>?secret=…&issuer=…[&algorithm=…&digits=…&period=…]
 */
export function otpauthUri(secret: Uint8Array, identity: OtpauthIdentity, parameters: OtpParameters): string {
  return generateTOTP({
    issuer: identity.issuer,
    label: identity.account,
    secret: base32Encode(secret),
    algorithm: parameters.algorithm,
    digits: parameters.digits,
    period: parameters.period,
  });
}

export interface ParsedOtpauthUri extends OtpauthIdentity, OtpParameters {
  secret: Uint8Array;
}

/** Reads a TOTP Key URI back; throws on anything else. */
export function parseOtpauthUri(uri: string): ParsedOtpauthUri {
  const parsed = parse(uri);
  if (parsed.type !== 'totp') throw new Error('Not a TOTP key URI');
  const separator = parsed.label.indexOf(':');
  const labelIssuer = separator >= 0 ? parsed.label.slice(0, separator) : undefined;
  const account = separator >= 0 ? parsed.label.slice(separator + 1) : parsed.label;
  const digits = parsed.params.digits ?? 6;
  if (!isDigits(digits)) throw new Error('Unsupported number of digits');
  return {
    issuer: parsed.params.issuer ?? labelIssuer ?? '',
    account,
    secret: base32Decode(parsed.params.secret),
    algorithm: parsed.params.algorithm ?? 'sha1',
    digits,
    period: parsed.params.period ?? 30,
  };
}
