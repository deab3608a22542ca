import type { RequestHandler, Router } from 'express';
import { NotConfiguredError } from '../errors.js';
import { base32Encode } from '../otp/base32.js';
import { qrCode } from '../otp/qr-code.js';
import type { OtpParameters } from '../otp/otp-parameters.js';
import { otpauthUri, parseOtpauthUri } from '../otp/otpauth-uri.js';
import type { AccountService } from '../service/account-service.js';
import { noStore } from './no-store.js';
import { provisioningPage } from './provisioning-page.js';
import type { SeedSubject } from './seed-subject.js';

export interface ProvisioningRoutesOptions {
  /** Bearer middleware, or undefined when the page is explicitly open (local environment only). */
  auth: RequestHandler | undefined;
  seed: SeedSubject | undefined;
  /** Without a seed secret: the account whose pending enrollment the page shows (created on demand). */
  account: string | undefined;
  accounts: AccountService;
  defaults: OtpParameters;
  issuer: string;
}

/**
 * GET /provisioning: the QR code of the seed secret, or of the client account's pending
 * enrollment. Only behind the bearer, or open when enrollment is enabled for local use.
 */
export function provisioningRoutes(options: ProvisioningRoutesOptions): (router: Router) => void {
  const { auth, seed, account, accounts, defaults, issuer } = options;
  const guards: RequestHandler[] = auth ? [auth, noStore()] : [noStore()];
  return (router) => {
    router.get('/provisioning', ...guards, async (_req, res) => {
      const pending = seed
        ? {
            otpauthUri: otpauthUri(
              seed.subject.secret,
              { issuer: seed.issuer, account: seed.account },
              seed.subject.parameters,
            ),
          }
        : account
          ? await accounts.pendingEnrollment(account, defaults)
          : undefined;
      if (pending === undefined) throw new NotConfiguredError('A seed secret or a client account');
      const uri = pending.otpauthUri;
      const parsed = parseOtpauthUri(uri);
      const image = await qrCode(uri, 'svg');
      res.type('html').send(
        provisioningPage({
          issuer: parsed.issuer || issuer,
          account: parsed.account,
          qrSvg: image.data,
          manualKey: base32Encode(parsed.secret),
          algorithm: parsed.algorithm,
          digits: parsed.digits,
          period: parsed.period,
          // Seed mode has none; an account's codes appear on the visit that created its enrollment only.
          recoveryCodes: seed ? undefined : (pending.recoveryCodes ?? []),
        }),
      );
      parsed.secret.fill(0);
    });
  };
}
