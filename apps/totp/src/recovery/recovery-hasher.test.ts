import { describe, expect, it } from 'vitest';
import { RecoveryHasher } from './recovery-hasher.js';

const key = 'a1'.repeat(32);
const otherKey = 'b2'.repeat(32);
const code = 'abcdefghjk';

describe('RecoveryHasher', () => {
  it('hashes a code to the same keyed value each time, without the code in it', () => {
    const hasher = new RecoveryHasher({ key });
    const hash = hasher.hash('alice', code);
    expect(hash).toBe(new RecoveryHasher({ key }).hash('alice', code));
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 bytes, base64url
    expect(hash).not.toContain(code);
    expect(hasher.hash('alice', 'abcdefghjm')).not.toBe(hash);
  });

  it('binds a hash to its account and to the key', () => {
    const hasher = new RecoveryHasher({ key });
    expect(hasher.hash('bob', code)).not.toBe(hasher.hash('alice', code));
    // The NUL separator keeps "ab"+"c…" and "a"+"bc…" apart.
    expect(hasher.hash('alice1', code)).not.toBe(hasher.hash('alice', `1${code}`));
    expect(new RecoveryHasher({ key: otherKey }).hash('alice', code)).not.toBe(hasher.hash('alice', code));
  });

  it('is a keyed hash: the plain SHA-256 of the input does not match', async () => {
    const { createHash } = await import('node:crypto');
    const plain = createHash('sha256').update('alice\0abcdefghjk').digest('base64url');
    expect(new RecoveryHasher({ key }).hash('alice', code)).not.toBe(plain);
  });

  it('after a key rotation still offers the hash under the previous key, the current one first', () => {
    const before = new RecoveryHasher({ key }).hash('alice', code);
    const rotated = new RecoveryHasher({ key: otherKey, previousKeys: [key] });
    const candidates = rotated.candidates('alice', code);
    expect(candidates).toEqual([rotated.hash('alice', code), before]);
    expect(new RecoveryHasher({ key: otherKey }).candidates('alice', code)).not.toContain(before);
  });

  it('tries a key named twice (in either case) once', () => {
    const hasher = new RecoveryHasher({ key, previousKeys: [key.toUpperCase(), key] });
    expect(hasher.candidates('alice', code)).toHaveLength(1);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new RecoveryHasher({ key: 'abcd' })).toThrow(RangeError);
  });
});
