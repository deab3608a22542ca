import { UnauthorizedError } from '@platform/errors';
import { bearerTokenFrom, TokenVerifier } from './token-verifier.js';

/** Minimal structural types, so the lib needs no framework at run time. */
interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
}
type Next = (error?: unknown) => void;

export interface BearerAuthOptions {
  /** Every accepted token; several allow a rotation without downtime. An empty list refuses everything. */
  tokens: readonly string[];
}

/**
 * The verdict on an `authorization` value, for any transport (express, gRPC metadata):
 * undefined when allowed, otherwise the UnauthorizedError to answer with.
 */
export function checkBearer(
  verifier: TokenVerifier,
  authorization: string | readonly string[] | undefined,
): UnauthorizedError | undefined {
  if (!verifier.configured) {
    return new UnauthorizedError('No bearer token is configured on this server; every request is refused');
  }
  const token = bearerTokenFrom(authorization);
  if (token === undefined) return new UnauthorizedError();
  return verifier.verify(token) ? undefined : new UnauthorizedError('The bearer token is not valid');
}

/**
 * Express middleware requiring `Authorization: Bearer <token>`.
 * Refusals go to the error handler as UnauthorizedError (401, `WWW-Authenticate: Bearer`).
 */
export function bearerAuth(options: BearerAuthOptions): (req: RequestLike, res: unknown, next: Next) => void {
  const verifier = new TokenVerifier(options.tokens);
  return (req, _res, next) => next(checkBearer(verifier, req.headers['authorization']));
}
