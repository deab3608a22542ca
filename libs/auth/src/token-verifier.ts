import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Checks presented tokens against the accepted set in constant time.
 * Both sides are HMAC'd with a per-process key first, so the comparison runs
 * on equal-length digests and neither the token's length nor its prefix leaks.
 * Every accepted token is compared (no early exit), so rotation keeps the timing flat.
 */
export class TokenVerifier {
  readonly #key = randomBytes(32);
  readonly #digests: readonly Buffer[];

  constructor(tokens: readonly string[]) {
    this.#digests = tokens.filter((token) => token.length > 0).map((token) => this.#digest(token));
  }

  /** False when no token is configured: the verifier is closed, never open. */
  get configured(): boolean {
    return this.#digests.length > 0;
  }

  verify(presented: string | undefined): boolean {
    if (presented === undefined || presented.length === 0 || !this.configured) return false;
    const digest = this.#digest(presented);
    let matched = false;
    for (const accepted of this.#digests) matched = timingSafeEqual(digest, accepted) || matched;
    return matched;
  }

  #digest(token: string): Buffer {
    return createHmac('sha256', this.#key).update(token, 'utf8').digest();
  }
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerTokenFrom(header: string | readonly string[] | undefined): string | undefined {
  const value = typeof header === 'string' ? header : header?.[0];
  if (!value) return undefined;
  const match = /^Bearer[ ]+([\x21-\x7e]+)[ ]*$/i.exec(value);
  return match?.[1];
}
