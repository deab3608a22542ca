import { UnauthorizedError } from '@platform/errors';
import type { NamedToken } from './named-token.js';
import { bearerTokenFrom, TokenVerifier } from './token-verifier.js';

/** Minimal structural types, so the lib needs no framework at run time. */
interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  /** Set to the authenticated caller's name; the platform's request logger writes it as `caller`. */
  caller?: string;
}
type Next = (error?: unknown) => void;

export interface BearerAuthOptions {
  /**
   * Every accepted token, named (`{ name, token }`, as the accepted-tokens setting parses them) or
   * bare (named `caller-1`, `caller-2`… by position); several allow a rotation without downtime.
   * An empty list refuses everything.
   */
  tokens: readonly (string | NamedToken)[];
}

/** The outcome of a bearer check: the caller's name, or the error to answer with. */
export type BearerVerdict =
  | { readonly caller: string; readonly error?: undefined }
  | { readonly caller?: undefined; readonly error: UnauthorizedError };

/** The verdict on an `authorization` value, for any transport (express, gRPC metadata). */
export function verifyBearer(
  verifier: TokenVerifier,
  authorization: string | readonly string[] | undefined,
): BearerVerdict {
  if (!verifier.configured) {
    return {
      error: new UnauthorizedError('No bearer token is configured on this server; every request is refused'),
    };
  }
  const token = bearerTokenFrom(authorization);
  if (token === undefined) return { error: new UnauthorizedError() };
  const caller = verifier.identify(token);
  return caller === undefined
    ? { error: new UnauthorizedError('The bearer token is not valid') }
    : { caller };
}

/** The same check as verifyBearer: undefined when allowed, otherwise the UnauthorizedError to answer with. */
export function checkBearer(
  verifier: TokenVerifier,
  authorization: string | readonly string[] | undefined,
): UnauthorizedError | undefined {
  return verifyBearer(verifier, authorization).error;
}

/**
 * Express middleware requiring `Authorization: Bearer <token>`; sets `req.caller` to the caller's name.
 * Refusals go to the error handler as UnauthorizedError (401, `WWW-Authenticate: Bearer`).
 */
export function bearerAuth(options: BearerAuthOptions): (req: RequestLike, res: unknown, next: Next) => void {
  const verifier = new TokenVerifier(options.tokens);
  return (req, _res, next) => {
    const verdict = verifyBearer(verifier, req.headers['authorization']);
    if (verdict.caller !== undefined) req.caller = verdict.caller;
    next(verdict.error);
  };
}
