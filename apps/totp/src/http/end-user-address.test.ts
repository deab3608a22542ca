import { describe, expect, it } from 'vitest';
import { canonicalAddress } from './end-user-address.js';

describe('canonicalAddress', () => {
  it('keeps IPv4 and writes IPv6 one way, so one address is one throttle key', () => {
    expect(canonicalAddress('192.0.2.1')).toBe('192.0.2.1');
    expect(canonicalAddress('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(canonicalAddress('2001:db8::1')).toBe('2001:db8::1');
    expect(canonicalAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(canonicalAddress('::FFFF:C000:0201')).toBe('192.0.2.1');
  });

  it('ignores what is not one IP address', () => {
    for (const value of ['', 'unknown', '192.0.2.1, 10.0.0.1', '01.2.3.4', '192.0.2.1:80', 'fe80::1%eth0']) {
      expect(canonicalAddress(value)).toBeUndefined();
    }
  });
});
