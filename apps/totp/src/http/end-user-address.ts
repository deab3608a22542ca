import { isIP } from 'node:net';
import type { Request } from 'express';

/** The header a server-side caller of the account API names its end user's address in. */
export const endUserAddressHeader = 'x-end-user-address';

/**
 * The end user's address as the bearer-authenticated caller states it in `X-End-User-Address`:
 * an IPv4 or IPv6 address (one, not a list), in canonical form so one address is one throttle key;
 * undefined when absent or not an address. The caller's own address is never used here: every
 * user of a server-side caller shares it, so their failures would lock out each other.
 */
export function endUserAddress(req: Request): string | undefined {
  const value = req.headers[endUserAddressHeader];
  if (typeof value !== 'string') return undefined;
  return canonicalAddress(value.trim());
}

/** An IP address in one spelling (IPv6 compressed and lower-case, IPv4-mapped IPv6 as IPv4), or undefined. */
export function canonicalAddress(value: string): string | undefined {
  const version = isIP(value);
  if (version === 4) return value;
  // A zone id (fe80::1%eth0) is local to the caller's host: no end user's address.
  if (version !== 6 || value.includes('%')) return undefined;
  const host = new URL(`http://[${value}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (!mapped) return host;
  const [high, low] = [parseInt(mapped[1] ?? '0', 16), parseInt(mapped[2] ?? '0', 16)];
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}
