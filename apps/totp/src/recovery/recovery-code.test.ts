import { describe, expect, it } from 'vitest';
import {
  generateRecoveryCode,
  generateRecoveryCodes,
  normalizeRecoveryCode,
  recoveryAlphabet,
  recoveryCodeCount,
} from './recovery-code.js';

const grouped = new RegExp(`^[${recoveryAlphabet}]{5}-[${recoveryAlphabet}]{5}$`);

describe('recovery code format', () => {
  it('is ten symbols of the readable alphabet grouped xxxxx-xxxxx', () => {
    for (let n = 0; n < 200; n += 1) expect(generateRecoveryCode()).toMatch(grouped);
  });

  it('leaves out the look-alikes 0, o, 1, i and l', () => {
    for (const lookAlike of '0o1il') expect(recoveryAlphabet).not.toContain(lookAlike);
    expect(new Set(recoveryAlphabet).size).toBe(recoveryAlphabet.length);
  });

  it('draws every symbol of the alphabet', () => {
    // 2,000 codes are 20,000 draws: a symbol never drawn would mean a broken generator, not bad luck.
    const seen = new Set(
      Array.from({ length: 2_000 }, () => generateRecoveryCode())
        .join('')
        .replaceAll('-', ''),
    );
    expect([...seen].sort().join('')).toBe([...recoveryAlphabet].sort().join(''));
  });

  it('makes a set of distinct codes, ten by default', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(recoveryCodeCount);
    expect(recoveryCodeCount).toBeGreaterThanOrEqual(10);
    expect(new Set(codes).size).toBe(codes.length);
    expect(generateRecoveryCodes(3)).toHaveLength(3);
  });
});

describe('normalizeRecoveryCode', () => {
  it('accepts a code in any case, grouped with hyphens, spaces, dots or underscores, or not at all', () => {
    for (const typed of [
      'abcde-fghjk',
      'ABCDE-FGHJK',
      'abcdefghjk',
      ' abcde fghjk ',
      'abcde_fghjk',
      'ab-cd-ef-gh-jk',
      'abcde\u2013fghjk', // an en dash, as word processors turn a hyphen into
      'abcde - fghjk',
      'ＡＢＣＤＥ-ＦＧＨＪＫ', // full-width letters, as some keyboards type them
    ]) {
      expect(normalizeRecoveryCode(typed), typed).toBe('abcdefghjk');
    }
  });

  it('refuses anything that is not exactly a code', () => {
    for (const typed of [
      '',
      'abcde',
      'abcde-fghjkm', // 11 symbols
      'abcde-fghj', // 9
      'abcde-fghj0', // 0 is not in the alphabet
      'abcde-fghjl',
      'abcde/fghjk',
      '123456',
      'abcde-fghjk; drop',
    ]) {
      expect(normalizeRecoveryCode(typed), typed).toBeUndefined();
    }
  });

  it('turns every generated code into its ten symbols', () => {
    const code = generateRecoveryCode();
    expect(normalizeRecoveryCode(code)).toBe(code.replace('-', ''));
    expect(normalizeRecoveryCode(code.toUpperCase())).toBe(code.replace('-', ''));
  });
});
