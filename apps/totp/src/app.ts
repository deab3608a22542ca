import type { Express } from 'express';
import { bearerAuth, type NamedToken } from '@platform/auth';
import { createHttpApp, type Readiness } from '@platform/http';
import type { Logger } from '@platform/logging';
import type { OtpParameters } from './otp/otp-parameters.js';
import type { AccountService } from './service/account-service.js';
import type { CodeVerifier } from './service/code-verifier.js';
import type { RecoveryService } from './service/recovery-service.js';
import { accountRoutes } from './http/account-routes.js';
import { clientRoutes, type ClientTarget } from './http/client-routes.js';
import { provisioningRoutes } from './http/provisioning-routes.js';
import { seedRoutes } from './http/seed-routes.js';
import type { SeedSubject } from './http/seed-subject.js';

export interface TotpAppDeps {
  logger: Logger;
  readiness?: Readiness;
  /** Accepted bearer tokens (bare ones named caller-1… by position); none refuses every protected route. */
  bearerTokens: readonly (string | NamedToken)[];
  verifier: CodeVerifier;
  accounts: AccountService;
  recovery: RecoveryService;
  /** Parameters of new enrollments. */
  defaults: OtpParameters;
  issuer: string;
  /** The seed-compatible shared secret, when TOTP_BASE32_SECRET is set. */
  seed?: SeedSubject | undefined;
  /** 'open' serves /provisioning without a bearer (local environment only). */
  provisioning?: 'bearer' | 'open';
  /** The browser client's target, or undefined to leave the client off. */
  browserClient?: ClientTarget | undefined;
  bodyLimit?: string;
  trustProxy?: string | boolean | number;
}

/** The TOTP service as an express app; binds nothing (see main.ts). */
export function createApp(deps: TotpAppDeps): Express {
  const {
    logger,
    readiness,
    bearerTokens,
    verifier,
    accounts,
    recovery,
    defaults,
    issuer,
    seed,
    provisioning = 'bearer',
    browserClient,
    bodyLimit = '16kb',
    trustProxy,
  } = deps;
  const auth = bearerAuth({ tokens: bearerTokens });
  const clientAccount = browserClient?.kind === 'account' ? browserClient.account : undefined;
  return createHttpApp({
    logger,
    ...(readiness ? { readiness } : {}),
    bodyLimit,
    ...(trustProxy === undefined ? {} : { trustProxy }),
    routes: (router) => {
      clientRoutes({ target: browserClient, verifier, accounts, recovery })(router);
      if (seed) seedRoutes({ seed, verifier, auth })(router);
      provisioningRoutes({
        auth: provisioning === 'open' ? undefined : auth,
        seed,
        account: clientAccount,
        accounts,
        defaults,
        issuer,
      })(router);
      accountRoutes({ accounts, recovery, auth, defaults })(router);
    },
  });
}
