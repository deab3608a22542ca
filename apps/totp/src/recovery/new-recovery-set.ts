import { generateRecoveryCodes, normalizeRecoveryCode } from './recovery-code.js';
import type { RecoveryHasher } from './recovery-hasher.js';

/** A new set of an account's recovery codes: the codes to show once, and the hashes to store. */
export function newRecoverySet(
  hasher: RecoveryHasher,
  account: string,
  count?: number,
): { codes: string[]; hashes: string[] } {
  const codes = generateRecoveryCodes(count);
  const hashes = codes.map((code) => {
    const normalized = normalizeRecoveryCode(code);
    if (normalized === undefined) throw new Error('A generated recovery code does not parse');
    return hasher.hash(account, normalized);
  });
  return { codes, hashes };
}
