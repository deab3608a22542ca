import type { RequestHandler, Router } from 'express';
import { secretPathParams } from '@platform/logging';
import { parse, codeSchema } from './schemas.js';
import { clientAddress } from './client-address.js';
import { noStore } from './no-store.js';
import type { SeedSubject } from './seed-subject.js';
import type { CodeVerifier } from '../service/code-verifier.js';

export interface SeedRoutesOptions {
  seed: SeedSubject;
  verifier: CodeVerifier;
  auth: RequestHandler;
}

/** The seed-compatible check: GET /check/:key behind the bearer, answering {"status": true|false}. */
export function seedRoutes(options: SeedRoutesOptions): (router: Router) => void {
  const { seed, verifier, auth } = options;
  return (router) => {
    // The code is a secret: the request line shows /check/:key, never the code.
    router.get('/check/:key', secretPathParams(), auth, noStore(), async (req, res) => {
      const code = parse(codeSchema, req.params['key'], 'key');
      const verdict = await verifier.verify(seed.subject, code, clientAddress(req));
      res.json({ status: verdict === 'accepted' });
    });
  };
}
