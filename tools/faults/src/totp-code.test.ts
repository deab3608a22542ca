import { describe, expect, it } from 'vitest';
import { base32Decode, timeStep, totpCode } from './totp-code.js';

// RFC 6238 Appendix B, SHA-1: the 20-byte key "12345678901234567890".
const RFC_KEY = Buffer.from('12345678901234567890');

describe('totpCode', () => {
  it('matches the RFC 6238 SHA-1 vectors', () => {
    expect(totpCode(RFC_KEY, timeStep(59_000), 8)).toBe('94287082');
    expect(totpCode(RFC_KEY, timeStep(1_111_111_109_000), 8)).toBe('07081804');
    expect(totpCode(RFC_KEY, timeStep(20_000_000_000_000), 8)).toBe('65353130');
    expect(totpCode(RFC_KEY, timeStep(59_000))).toBe('287082');
  });
});

describe('base32Decode', () => {
  it('reads RFC 4648 Base32, with or without padding, in either case', () => {
    expect(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')).toEqual(RFC_KEY);
    expect(base32Decode('MZXW6===').toString()).toBe('foo');
    expect(base32Decode('mzxw6').toString()).toBe('foo');
  });

  it('refuses a character outside the alphabet', () => {
    expect(() => base32Decode('MZX1')).toThrow(RangeError);
  });
});
