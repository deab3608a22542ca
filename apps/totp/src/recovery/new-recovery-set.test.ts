import { describe, expect, it } from 'vitest';
import { newRecoverySet } from './new-recovery-set.js';
import { normalizeRecoveryCode } from './recovery-code.js';
import { RecoveryHasher } from './recovery-hasher.js';

describe('newRecoverySet', () => {
  it('hashes each shown code as the code typed back (any case, grouped or not) will be looked up', () => {
    const hasher = new RecoveryHasher({ key: 'd4'.repeat(32) });
    const { codes, hashes } = newRecoverySet(hasher, 'alice');
    expect(codes).toHaveLength(10);
    expect(hashes).toHaveLength(10);
    for (const [n, code] of codes.entries()) {
      const typed = normalizeRecoveryCode(code.toUpperCase().replace('-', ' '))!;
      expect(hasher.candidates('alice', typed)[0]).toBe(hashes[n]);
      expect(hashes[n]).not.toContain(code.replace('-', ''));
    }
    expect(new Set(hashes).size).toBe(10);
    expect(newRecoverySet(hasher, 'alice', 4).codes).toHaveLength(4);
  });
});
