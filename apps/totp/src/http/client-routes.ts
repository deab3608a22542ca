import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { requireJson } from '@platform/http';
import type { AccountService } from '../service/account-service.js';
import { NotConfiguredError } from '../errors.js';
import type { CodeVerifier } from '../service/code-verifier.js';
import type { RecoveryService } from '../service/recovery-service.js';
import { clientAddress } from './client-address.js';
import { noStore } from './no-store.js';
import { sameOrigin } from './same-origin.js';
import { codeBodySchema, parse, recoveryBodySchema } from './schemas.js';
import type { SeedSubject } from './seed-subject.js';

/** public/ beside src/ and dist/, so the same path works from sources and from the build. */
export const publicDir = fileURLToPath(new URL('../../public/', import.meta.url));

/** Whose codes the browser client checks: the seed secret or one enrolled account. */
export type ClientTarget = { kind: 'seed'; seed: SeedSubject } | { kind: 'account'; account: string };

export interface ClientRoutesOptions {
  /** Undefined: the browser client is off (only its static assets are served). */
  target: ClientTarget | undefined;
  verifier: CodeVerifier;
  accounts: AccountService;
  recovery: RecoveryService;
}

/**
 * The browser client that replaces the mobile app: GET / (page), /assets/* (script and
 * styles as files, for the CSP), and POST /client/verify. That route checks codes of one
 * configured target only, so the page never needs the server's bearer token; it answers
 * same-origin JSON requests only and shares the throttling of every other check.
 * With an account target, /client/recovery spends a recovery code of that account, tells how
 * many are left, and /client/recovery/regenerate makes a new set, but only for a valid TOTP
 * code of the account (the page holds no credential, so the code is the proof of possession).
 */
export function clientRoutes(options: ClientRoutesOptions): (router: Router) => void {
  const { target, verifier, accounts, recovery } = options;
  return (router) => {
    router.use(
      '/assets',
      express.static(path.join(publicDir, 'assets'), { index: false, maxAge: '1h', fallthrough: true }),
    );
    if (!target) return;

    router.get('/', (_req, res) => {
      res.set('Cache-Control', 'no-cache').sendFile(path.join(publicDir, 'index.html'));
    });

    router.post('/client/verify', noStore(), sameOrigin(), requireJson(), async (req, res) => {
      const { code } = parse(codeBodySchema, req.body);
      const address = clientAddress(req);
      if (target.kind === 'seed') {
        const verdict = await verifier.verify(target.seed.subject, code, address);
        res.json({ status: verdict === 'accepted' });
        return;
      }
      res.json(await accounts.confirmOrVerify(target.account, code, address));
    });

    const guards = [noStore(), sameOrigin(), requireJson()];
    const recoveryAccount = (): string => {
      if (target.kind !== 'account') throw new NotConfiguredError('Recovery codes of a client account');
      return target.account;
    };

    // The page asks first whether to show its recovery section: the seed secret has no codes.
    router.get('/client/recovery', ...guards, async (_req, res) => {
      if (target.kind !== 'account') {
        res.json({ available: false });
        return;
      }
      res.json({ available: true, ...(await recovery.remaining(target.account)) });
    });

    router.post('/client/recovery', ...guards, async (req, res) => {
      const id = recoveryAccount();
      const { code } = parse(recoveryBodySchema, req.body);
      res.json(await recovery.spend(id, code, clientAddress(req)));
    });

    router.post('/client/recovery/regenerate', ...guards, async (req, res) => {
      const id = recoveryAccount();
      const { code } = parse(codeBodySchema, req.body);
      const { status } = await accounts.verify(id, code, clientAddress(req));
      res.json(status ? { status, ...(await recovery.regenerate(id)) } : { status });
    });
  };
}
