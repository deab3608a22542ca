import { z } from 'zod';

// RFC 5321 §4.5.3.1: a local part of at most 64 octets, a domain of at most 255, and a
// path of at most 256 (so an address of at most 254 between its angle brackets).
const MAX_LOCAL = 64;
const MAX_DOMAIN = 255;
const MAX_ADDRESS = 254;
// RFC 1035 / RFC 1123: labels of 1 to 63 letters, digits and hyphens, not starting or ending with one.
const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/** Why `address` breaks RFC 5321's lengths or the hostname rules, or undefined. */
export function emailAddressProblem(address: string): string | undefined {
  if (address.length > MAX_ADDRESS) return `at most ${MAX_ADDRESS} characters`;
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (Buffer.byteLength(local) > MAX_LOCAL) return `a local part of at most ${MAX_LOCAL} characters`;
  if (domain.length > MAX_DOMAIN) return `a domain of at most ${MAX_DOMAIN} characters`;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
    return 'a domain of labels of 1 to 63 letters, digits or inner hyphens';
  }
  return undefined;
}

/** An e-mail address: zod's syntax check, then RFC 5321's lengths and hostname labels. */
export const emailAddress = z
  .email()
  .superRefine((address, context) => {
    const problem = emailAddressProblem(address);
    if (problem) context.addIssue({ code: 'custom', message: `expected an e-mail address with ${problem}` });
  })
  .describe('An e-mail address (RFC 5321 lengths)');
