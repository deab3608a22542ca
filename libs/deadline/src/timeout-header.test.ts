import { describe, expect, it } from 'vitest';
import { MAX_TIMEOUT_MS, parseTimeoutHeader } from './index.js';

describe('parseTimeoutHeader', () => {
  it('reads a whole number of milliseconds', () => {
    expect(parseTimeoutHeader('1500')).toBe(1_500);
    expect(parseTimeoutHeader(' 20 ')).toBe(20);
    expect(parseTimeoutHeader('0')).toBe(0);
  });

  it('clamps a huge budget to the maximum', () => {
    expect(parseTimeoutHeader('999999999999999')).toBe(MAX_TIMEOUT_MS);
    expect(parseTimeoutHeader('5000', 1_000)).toBe(1_000);
  });

  it('ignores anything that is not one whole, non-negative number', () => {
    for (const value of ['-5', '1.5', '1e3', 'abc', '', '12 34', '0x10', '9999999999999999', 'Infinity']) {
      expect(parseTimeoutHeader(value), value).toBeUndefined();
    }
    expect(parseTimeoutHeader(undefined)).toBeUndefined();
    expect(parseTimeoutHeader(['100', '200'])).toBeUndefined();
  });
});
