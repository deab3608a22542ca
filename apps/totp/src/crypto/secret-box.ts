import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { SecretUnreadableError } from '../errors.js';

const version = 'v1';
const ivBytes = 12;
const tagBytes = 16;

interface Key {
  id: string;
  bytes: Buffer;
}

function keyFrom(hex: string): Key {
  const bytes = Buffer.from(hex, 'hex');
  if (bytes.length !== 32) throw new RangeError('An encryption key must be 32 bytes (64 hex characters)');
  // A short fingerprint names the key beside each ciphertext, so rotation needs no key ids in settings.
  const id = createHash('sha256').update('totp-key-id\0').update(bytes).digest('base64url').slice(0, 8);
  return { id, bytes };
}

/**
 * AES-256-GCM for secrets at rest. Each value is bound to its owner (associated data),
 * so a ciphertext copied to another account does not decrypt. Values sealed with a
 * previous key still open while the operator rotates; `stale` tells them apart.
 */
export class SecretBox {
  readonly #current: Key;
  readonly #keys: ReadonlyMap<string, Key>;

  constructor(options: { key: string; previousKeys?: readonly string[] }) {
    const { key, previousKeys = [] } = options;
    this.#current = keyFrom(key);
    const keys = new Map<string, Key>();
    for (const entry of [this.#current, ...previousKeys.map(keyFrom)]) {
      if (!keys.has(entry.id)) keys.set(entry.id, entry);
    }
    this.#keys = keys;
  }

  get currentKeyId(): string {
    return this.#current.id;
  }

  seal(plaintext: Uint8Array, owner: string): string {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', this.#current.bytes, iv, { authTagLength: tagBytes });
    cipher.setAAD(Buffer.from(owner, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [version, this.#current.id, iv, tag, ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(sealed: string, owner: string): { plaintext: Uint8Array; stale: boolean } {
    const parts = sealed.split('.');
    const [tagVersion, keyId, iv, tag, ciphertext] = parts;
    if (parts.length !== 5 || tagVersion !== version || !keyId || !iv || !tag || ciphertext === undefined) {
      throw new SecretUnreadableError('format');
    }
    const key = this.#keys.get(keyId);
    if (!key) throw new SecretUnreadableError('unknown-key');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'), {
        authTagLength: tagBytes,
      });
      decipher.setAAD(Buffer.from(owner, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plaintext = Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]);
      return { plaintext: new Uint8Array(plaintext), stale: key.id !== this.#current.id };
    } catch (error) {
      throw new SecretUnreadableError('authentication', { cause: error });
    }
  }
}
