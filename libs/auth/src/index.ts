export { acceptedTokensSetting, minimumTokenLength } from './accepted-tokens-setting.js';
export { clientTokenSetting } from './client-token-setting.js';
export {
  bearerAuth,
  checkBearer,
  verifyBearer,
  type BearerAuthOptions,
  type BearerVerdict,
} from './bearer-auth.js';
export { callerNamePattern, namedTokens, type NamedToken } from './named-token.js';
export { bearerTokenFrom, TokenVerifier } from './token-verifier.js';
