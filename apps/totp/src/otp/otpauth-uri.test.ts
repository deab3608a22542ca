import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode } from './base32.js';
import { generateSecret } from './generate-secret.js';
import { otpauthUri, parseOtpauthUri } from './otpauth-uri.js';
import { qrCode } from './qr-code.js';

describe('otpauthUri', () => {
  it('follows the Key URI format: otpauth://totp/<issuer>:<account>?secret=…&issuer=…', () => {
    const secret = new TextEncoder().encode('12345678901234567890');
    const uri = otpauthUri(
      secret,
      { issuer: 'TOTP Example', account: 'gonzalo123.com' },
      {
        algorithm: 'sha1',
        digits: 6,
        period: 30,
      },
    );
    const url = new URL(uri);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/TOTP Example:gonzalo123.com');
    expect(url.searchParams.get('secret')).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(url.searchParams.get('issuer')).toBe('TOTP Example');
    expect(uri).not.toContain('=='); // no Base32 padding, which some apps reject
  });

  it('is parsed back to the same secret, identity and parameters', () => {
    for (const algorithm of ['sha1', 'sha256', 'sha512'] as const) {
      const secret = generateSecret(algorithm);
      const parameters = { algorithm, digits: 8, period: 60 } as const;
      const identity = { issuer: 'Acme & Co', account: 'alice+2fa@example.com' };
      const parsed = parseOtpauthUri(otpauthUri(secret, identity, parameters));
      expect(Buffer.from(parsed.secret).equals(Buffer.from(secret))).toBe(true);
      expect(parsed).toMatchObject({ ...identity, ...parameters });
    }
  });
});

describe('generateSecret', () => {
  it('makes at least 160 bits, the hash output length, different every time', () => {
    expect(generateSecret('sha1')).toHaveLength(20);
    expect(generateSecret('sha256')).toHaveLength(32);
    expect(generateSecret('sha512')).toHaveLength(64);
    expect(base32Encode(generateSecret('sha1'))).not.toBe(base32Encode(generateSecret('sha1')));
  });

  it('round-trips through Base32 without padding, case-insensitively', () => {
    const secret = generateSecret('sha1');
    const text = base32Encode(secret);
    expect(text).toMatch(/^[A-Z2-7]{32}$/);
    expect(Buffer.from(base32Decode(text.toLowerCase())).equals(Buffer.from(secret))).toBe(true);
  });
});

describe('qrCode', () => {
  it('draws the URI as SVG markup or as a PNG data URL', async () => {
    const svg = await qrCode('otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ&issuer=A', 'svg');
    expect(svg.contentType).toBe('image/svg+xml');
    expect(svg.data).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const png = await qrCode('otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ&issuer=A', 'png');
    expect(png.contentType).toBe('image/png');
    const bytes = Buffer.from(png.data.replace(/^data:image\/png;base64,/, ''), 'base64');
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});
