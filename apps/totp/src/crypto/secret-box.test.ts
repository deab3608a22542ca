import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box.js';

const keyA = 'a'.repeat(64);
const keyB = 'b'.repeat(64);
const secret = new Uint8Array(randomBytes(20));

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('SecretBox', () => {
  it('seals with AES-256-GCM so the stored text carries no trace of the secret', () => {
    const sealed = new SecretBox({ key: keyA }).seal(secret, 'alice');
    const plain = Buffer.from(secret);
    for (const encoding of ['hex', 'base64', 'base64url', 'latin1'] as const) {
      expect(sealed).not.toContain(plain.toString(encoding));
    }
    expect(sealed).toMatch(/^v1\.[\w-]{8}\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(new SecretBox({ key: keyA }).seal(secret, 'alice')).not.toBe(sealed); // a fresh IV each time
  });

  it('opens what it sealed for the same owner', () => {
    const box = new SecretBox({ key: keyA });
    const { plaintext, stale } = box.open(box.seal(secret, 'alice'), 'alice');
    expect(Buffer.from(plaintext).equals(Buffer.from(secret))).toBe(true);
    expect(stale).toBe(false);
  });

  it('refuses a ciphertext moved to another owner, or altered', () => {
    const box = new SecretBox({ key: keyA });
    const sealed = box.seal(secret, 'alice');
    expect(codeOf(() => box.open(sealed, 'mallory'))).toBe('SECRET_UNREADABLE');
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[4] ?? '', 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    parts[4] = flipped.toString('base64url');
    expect(codeOf(() => box.open(parts.join('.'), 'alice'))).toBe('SECRET_UNREADABLE');
    expect(codeOf(() => box.open('not-sealed', 'alice'))).toBe('SECRET_UNREADABLE');
  });

  it('rotates: a previous key still opens old values, marked stale; a dropped key does not', () => {
    const sealedWithA = new SecretBox({ key: keyA }).seal(secret, 'alice');
    const rotated = new SecretBox({ key: keyB, previousKeys: [keyA] });
    const opened = rotated.open(sealedWithA, 'alice');
    expect(Buffer.from(opened.plaintext).equals(Buffer.from(secret))).toBe(true);
    expect(opened.stale).toBe(true);
    expect(rotated.open(rotated.seal(secret, 'alice'), 'alice').stale).toBe(false);
    expect(codeOf(() => new SecretBox({ key: keyB }).open(sealedWithA, 'alice'))).toBe('SECRET_UNREADABLE');
  });
});
