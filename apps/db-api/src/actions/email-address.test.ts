import { describe, expect, it } from 'vitest';
import { emailAddress } from './email-address.js';

const accepts = (value: string): boolean => emailAddress.safeParse(value).success;

describe('emailAddress', () => {
  it('accepts ordinary addresses and the longest parts RFC 5321 allows', () => {
    expect(accepts('ana@example.com')).toBe(true);
    expect(accepts('first.last+tag@mail.example-domain.org')).toBe(true);
    expect(accepts(`${'a'.repeat(64)}@example.com`)).toBe(true);
    expect(accepts(`ana@${'b'.repeat(63)}.com`)).toBe(true);
  });

  it('refuses a label that ends or starts with a hyphen', () => {
    expect(accepts('a@b-.com')).toBe(false);
    expect(accepts('a@-b.com')).toBe(false);
  });

  it('refuses a local part over 64 characters and a label over 63', () => {
    expect(accepts(`${'a'.repeat(65)}@example.com`)).toBe(false);
    expect(accepts(`ana@${'b'.repeat(64)}.com`)).toBe(false);
  });

  it('refuses an address over 254 characters and says what was expected', () => {
    const long = `ana@${Array.from({ length: 5 }, () => 'c'.repeat(60)).join('.')}.com`;
    const result = emailAddress.safeParse(long);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(
      /^expected an e-mail address with at most 254 characters$/,
    );
  });
});
