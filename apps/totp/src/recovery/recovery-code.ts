import { randomInt } from 'node:crypto';

/** Digits and lower-case letters without the look-alikes 0/o, 1/i/l: 31 symbols, read aloud or typed easily. */
export const recoveryAlphabet = '23456789abcdefghjkmnpqrstuvwxyz';
/** Symbols per code: 10 × log2(31) ≈ 49.5 bits, far beyond what the throttle lets anyone guess online. */
export const recoveryCodeLength = 10;
/** Codes per set, made at enrollment and at each regeneration. */
export const recoveryCodeCount = 10;
/** What a malformed code is told it should be. */
export const recoveryCodeExpectation = `${recoveryCodeLength} characters of ${recoveryAlphabet}, optionally grouped as xxxxx-xxxxx`;

const symbol = new RegExp(`^[${recoveryAlphabet}]{${recoveryCodeLength}}$`);

/** One code, uniformly random (crypto.randomInt rejects biased draws), grouped `xxxxx-xxxxx` for reading. */
export function generateRecoveryCode(): string {
  let code = '';
  for (let n = 0; n < recoveryCodeLength; n += 1)
    code += recoveryAlphabet[randomInt(recoveryAlphabet.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** A set of distinct codes. */
export function generateRecoveryCodes(count = recoveryCodeCount): string[] {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(generateRecoveryCode());
  return [...codes];
}

/**
 * The canonical form a code is hashed in: lower case, without the spaces, hyphens (or dashes),
 * underscores or dots a person types between groups; undefined unless that leaves exactly a code's symbols.
 */
export function normalizeRecoveryCode(input: string): string | undefined {
  const canonical = input
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s._\-\u2010-\u2015\u2212]+/g, '');
  return symbol.test(canonical) ? canonical : undefined;
}
