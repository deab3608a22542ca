import { createHmac, hkdfSync } from 'node:crypto';

const info = 'totp recovery codes v1';

function derivedKey(hexKey: string): Buffer {
  const bytes = Buffer.from(hexKey, 'hex');
  if (bytes.length !== 32) throw new RangeError('An encryption key must be 32 bytes (64 hex characters)');
  // HKDF with its own label: the hashing key is unrelated to the AES key it comes from.
  return Buffer.from(hkdfSync('sha256', bytes, Buffer.alloc(0), info, 32));
}

/**
 * Keyed hashes (HMAC-SHA-256) of normalised recovery codes, bound to their account: Redis holds
 * only these, so a copy of the store reveals no usable code and cannot be brute-forced without
 * the key. The key is derived from TOTP_ENCRYPTION_KEY; the previous keys still match the codes
 * hashed before a rotation.
 */
export class RecoveryHasher {
  readonly #keys: readonly Buffer[];

  constructor(options: { key: string; previousKeys?: readonly string[] }) {
    const { key, previousKeys = [] } = options;
    const unique = [...new Set([key.toLowerCase(), ...previousKeys.map((entry) => entry.toLowerCase())])];
    this.#keys = unique.map(derivedKey);
  }

  /** The stored form of a normalised code under the current key. */
  hash(account: string, normalized: string): string {
    return this.#hashWith(this.#keys[0]!, account, normalized);
  }

  /** What a normalised code may be stored as: its hash under the current key, then under each previous one. */
  candidates(account: string, normalized: string): string[] {
    return this.#keys.map((key) => this.#hashWith(key, account, normalized));
  }

  #hashWith(key: Buffer, account: string, normalized: string): string {
    // The account id first, NUL-separated: a hash copied to another account matches nothing there.
    return createHmac('sha256', key).update(account).update('\0').update(normalized).digest('base64url');
  }
}
