import { randomBytes } from 'node:crypto';
import type { HashAlgorithm } from '@otplib/totp';
import { secretBytesFor } from './otp-parameters.js';

/** A new shared secret from the CSPRNG, as long as the hash's output (160, 256 or 512 bits). */
export function generateSecret(algorithm: HashAlgorithm): Uint8Array {
  return new Uint8Array(randomBytes(secretBytesFor[algorithm]));
}
