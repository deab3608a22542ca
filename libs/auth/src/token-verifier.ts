import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { namedTokens, type NamedToken } from './named-token.js';

/**
 * Checks presented tokens against the accepted set in constant time and names the caller.
 * Both sides are hashed (SHA-256 behind a per-process random prefix) first, so the comparison runs
 * on equal-length digests and neither the token's length nor its prefix leaks. One-shot hashing:
 * an HMAC object per request cost several times as much.
 * Every accepted token is compared (no early exit), so rotation keeps the timing flat.
 */
export class TokenVerifier {
  readonly #prefix = randomBytes(32).toString('hex');
  readonly #accepted: readonly { name: string; digest: Buffer }[];

  /** Bare strings are named `caller-1`, `caller-2`… by their position. */
  constructor(tokens: readonly (string | NamedToken)[]) {
    this.#accepted = namedTokens(tokens)
      .filter((entry) => entry.token.length > 0)
      .map((entry) => ({ name: entry.name, digest: this.#digest(entry.token) }));
  }

  /** False when no token is configured: the verifier is closed, never open. */
  get configured(): boolean {
    return this.#accepted.length > 0;
  }

  /** The name of the caller whose token this is, or undefined when it is no accepted token. */
  identify(presented: string | undefined): string | undefined {
    if (presented === undefined || presented.length === 0 || !this.configured) return undefined;
    const digest = this.#digest(presented);
    let caller: string | undefined;
    for (const accepted of this.#accepted) {
      const matched = timingSafeEqual(digest, accepted.digest);
      caller = caller ?? (matched ? accepted.name : undefined);
    }
    return caller;
  }

  verify(presented: string | undefined): boolean {
    return this.identify(presented) !== undefined;
  }

  #digest(token: string): Buffer {
    return hash('sha256', this.#prefix + token, 'buffer');
  }
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerTokenFrom(header: string | readonly string[] | undefined): string | undefined {
  const value = typeof header === 'string' ? header : header?.[0];
  if (!value) return undefined;
  const match = /^Bearer[ ]+([\x21-\x7e]+)[ ]*$/i.exec(value);
  return match?.[1];
}
