import { describe, expect, it } from 'vitest';
import { checkTotp, hotpCode, timeStepOf, totpCode } from './totp-engine.js';
import type { OtpParameters } from './otp-parameters.js';

const ascii = (text: string) => new TextEncoder().encode(text);
// RFC 6238 Appendix B: the key is the ASCII digits repeated to the hash's output length.
const keys = {
  sha1: ascii('12345678901234567890'),
  sha256: ascii('12345678901234567890123456789012'),
  sha512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
};

describe('totpCode (RFC 6238 Appendix B vectors)', () => {
  const vectors: [number, string, string, string][] = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];
  it.each(vectors)(
    'at T=%i gives the SHA-1, SHA-256 and SHA-512 codes of the RFC',
    (time, sha1, sha256, sha512) => {
      expect(totpCode(keys.sha1, time, { algorithm: 'sha1', digits: 8, period: 30 })).toBe(sha1);
      expect(totpCode(keys.sha256, time, { algorithm: 'sha256', digits: 8, period: 30 })).toBe(sha256);
      expect(totpCode(keys.sha512, time, { algorithm: 'sha512', digits: 8, period: 30 })).toBe(sha512);
    },
  );
});

describe('hotpCode (RFC 4226 Appendix D vectors)', () => {
  const expected = [
    '755224',
    '287082',
    '359152',
    '969429',
    '338314',
    '254676',
    '287922',
    '162583',
    '399871',
    '520489',
  ];
  it.each(expected.map((code, counter) => [counter, code] as const))(
    'counter %i gives %s',
    (counter, code) => {
      expect(hotpCode(keys.sha1, counter, { algorithm: 'sha1', digits: 6 })).toBe(code);
    },
  );
});

describe('checkTotp', () => {
  const parameters: OtpParameters = { algorithm: 'sha1', digits: 6, period: 30 };
  const secret = keys.sha1;
  const codeAtStep = (step: number) => totpCode(secret, step * 30, parameters);

  it.each([0, 1, 15, 29])('accepts the previous, current and next step %i s into a step', (offset) => {
    const now = 1_700_000_010 - (1_700_000_010 % 30) + offset;
    const step = timeStepOf(now, 30);
    for (const delta of [-1, 0, 1]) {
      expect(checkTotp(secret, codeAtStep(step + delta), now, parameters)).toEqual({
        valid: true,
        step: step + delta,
      });
    }
  });

  it.each([0, 1, 29])('refuses codes two steps away either way, %i s into a step', (offset) => {
    const now = 1_700_000_010 - (1_700_000_010 % 30) + offset;
    const step = timeStepOf(now, 30);
    expect(checkTotp(secret, codeAtStep(step - 2), now, parameters)).toEqual({ valid: false });
    expect(checkTotp(secret, codeAtStep(step + 2), now, parameters)).toEqual({ valid: false });
  });

  it('honours the period, digits and algorithm of the secret', () => {
    const custom: OtpParameters = { algorithm: 'sha256', digits: 8, period: 60 };
    const now = 1_700_000_000;
    const code = totpCode(keys.sha256, now, custom);
    expect(code).toHaveLength(8);
    expect(checkTotp(keys.sha256, code, now + 60, custom)).toEqual({
      valid: true,
      step: timeStepOf(now, 60),
    });
    expect(checkTotp(keys.sha256, code, now + 120, custom)).toEqual({ valid: false });
    expect(checkTotp(keys.sha1, code, now, custom)).toEqual({ valid: false });
  });

  it('refuses codes of the wrong length or with other characters without throwing', () => {
    const now = 1_700_000_000;
    const code = totpCode(secret, now, parameters);
    expect(checkTotp(secret, `${code}0`, now, parameters)).toEqual({ valid: false });
    expect(checkTotp(secret, code.slice(1), now, parameters)).toEqual({ valid: false });
    expect(checkTotp(secret, 'abcdef', now, parameters)).toEqual({ valid: false });
  });
});
