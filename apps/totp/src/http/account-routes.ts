import type { RequestHandler, Router } from 'express';
import { requireJson } from '@platform/http';
import { qrCode } from '../otp/qr-code.js';
import { mergeParameters, type OtpParameters } from '../otp/otp-parameters.js';
import type { AccountService, Enrollment } from '../service/account-service.js';
import type { RecoveryService } from '../service/recovery-service.js';
import { endUserAddress } from './end-user-address.js';
import { noStore } from './no-store.js';
import {
  accountIdSchema,
  codeBodySchema,
  enrollSchema,
  parse,
  recoveryBodySchema,
  resetSchema,
} from './schemas.js';

export interface AccountRoutesOptions {
  accounts: AccountService;
  recovery: RecoveryService;
  auth: RequestHandler;
  /** Parameters of a new enrollment unless the request names others. */
  defaults: OtpParameters;
}

async function enrollmentBody(
  enrollment: Enrollment,
  format: 'svg' | 'png',
): Promise<Record<string, unknown>> {
  const image = await qrCode(enrollment.otpauthUri, format);
  return {
    ...enrollment.account,
    otpauthUri: enrollment.otpauthUri,
    qrCode: { contentType: image.contentType, data: image.data },
    ...(enrollment.recoveryCodes ? { recoveryCodes: enrollment.recoveryCodes } : {}),
  };
}

/**
 * The bearer-protected account API: enroll, confirm, verify, disable, enable, reset, delete, and
 * recovery codes (spend one, count those left, regenerate).
 * Its callers are servers acting for many users, so codes are throttled per account, and per
 * end-user address only when the caller names it in `X-End-User-Address`: the caller's own
 * address would lock every user out after the failures of a few.
 */
export function accountRoutes(options: AccountRoutesOptions): (router: Router) => void {
  const { accounts, recovery, auth, defaults } = options;
  const accountId = (value: unknown): string => parse(accountIdSchema, value, 'account');
  return (router) => {
    router.use('/accounts', auth, noStore(), requireJson());

    router.post('/accounts', async (req, res) => {
      const { account, qr, ...parameters } = parse(enrollSchema, req.body);
      const enrollment = await accounts.enroll(account, mergeParameters(defaults, parameters));
      res.status(201).json(await enrollmentBody(enrollment, qr));
    });

    router.get('/accounts/:account', async (req, res) => {
      res.json(await accounts.get(accountId(req.params['account'])));
    });

    router.post('/accounts/:account/confirm', async (req, res) => {
      const id = accountId(req.params['account']);
      const { code } = parse(codeBodySchema, req.body);
      res.json(await accounts.confirm(id, code, endUserAddress(req)));
    });

    router.post('/accounts/:account/verify', async (req, res) => {
      const id = accountId(req.params['account']);
      const { code } = parse(codeBodySchema, req.body);
      res.json(await accounts.verify(id, code, endUserAddress(req)));
    });

    // A recovery code in place of a TOTP code; it travels in the body only, never in a URL.
    router.post('/accounts/:account/recovery', async (req, res) => {
      const id = accountId(req.params['account']);
      const { code } = parse(recoveryBodySchema, req.body);
      res.json(await recovery.spend(id, code, endUserAddress(req)));
    });

    router.get('/accounts/:account/recovery', async (req, res) => {
      res.json(await recovery.remaining(accountId(req.params['account'])));
    });

    router.post('/accounts/:account/recovery/regenerate', async (req, res) => {
      res.json(await recovery.regenerate(accountId(req.params['account'])));
    });

    router.post('/accounts/:account/disable', async (req, res) => {
      res.json(await accounts.disable(accountId(req.params['account'])));
    });

    router.post('/accounts/:account/enable', async (req, res) => {
      res.json(await accounts.enable(accountId(req.params['account'])));
    });

    router.post('/accounts/:account/reset', async (req, res) => {
      const id = accountId(req.params['account']);
      const { qr, ...parameters } = parse(resetSchema, req.body ?? {});
      res.json(await enrollmentBody(await accounts.reset(id, parameters), qr));
    });

    router.delete('/accounts/:account', async (req, res) => {
      await accounts.delete(accountId(req.params['account']));
      res.status(204).end();
    });
  };
}
