export { bearerAuth, checkBearer, type BearerAuthOptions } from './bearer-auth.js';
export { bearerTokenFrom, TokenVerifier } from './token-verifier.js';
