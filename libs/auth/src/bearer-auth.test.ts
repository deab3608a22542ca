import { describe, expect, it } from 'vitest';
import type { UnauthorizedError } from '@platform/errors';
import {
  bearerAuth,
  bearerTokenFrom,
  checkBearer,
  TokenVerifier,
  verifyBearer,
  type NamedToken,
} from './index.js';

function authenticate(
  tokens: (string | NamedToken)[],
  authorization?: string,
): { error: UnauthorizedError | undefined; caller: string | undefined } {
  let outcome: unknown = 'not called';
  const req: { headers: Record<string, string | undefined>; caller?: string } = {
    headers: { authorization },
  };
  bearerAuth({ tokens })(req, {}, (error) => {
    outcome = error;
  });
  expect(outcome).not.toBe('not called');
  return { error: outcome as UnauthorizedError | undefined, caller: req.caller };
}

function run(tokens: (string | NamedToken)[], authorization?: string): UnauthorizedError | undefined {
  return authenticate(tokens, authorization).error;
}

describe('bearerAuth', () => {
  it('lets a request with an accepted token through', () => {
    expect(run(['secret-a'], 'Bearer secret-a')).toBeUndefined();
    expect(run(['secret-a'], 'bearer secret-a')).toBeUndefined();
  });

  it('refuses a wrong, missing or malformed token with 401 and WWW-Authenticate', () => {
    for (const header of [
      'Bearer secret-b',
      'Bearer secret-a2',
      'Bearer secret',
      undefined,
      'Basic c2VjcmV0LWE=',
      'secret-a',
      'Bearer ',
    ]) {
      const error = run(['secret-a'], header);
      expect(error?.code).toBe('UNAUTHORIZED');
      expect(error?.statusCode).toBe(401);
      expect(error?.headers['WWW-Authenticate']).toBe('Bearer');
    }
  });

  it('accepts every token of a rotation', () => {
    expect(run(['old-token', 'new-token'], 'Bearer old-token')).toBeUndefined();
    expect(run(['old-token', 'new-token'], 'Bearer new-token')).toBeUndefined();
    expect(run(['old-token', 'new-token'], 'Bearer other')?.code).toBe('UNAUTHORIZED');
  });

  it('refuses everything when no token is configured', () => {
    expect(run([], 'Bearer anything')?.message).toMatch(/No bearer token is configured/);
    expect(run([''], 'Bearer ')?.code).toBe('UNAUTHORIZED');
  });

  it('names the caller on the request: its name, or caller-<position> for a bare token', () => {
    const tokens = ['bare-token-0123456789', { name: 'reporting', token: 'named-token-0123456789' }];
    expect(authenticate(tokens, 'Bearer named-token-0123456789')).toEqual({
      error: undefined,
      caller: 'reporting',
    });
    expect(authenticate(tokens, 'Bearer bare-token-0123456789').caller).toBe('caller-1');
    expect(authenticate(tokens, 'Bearer other-token-0123456789')).toMatchObject({ caller: undefined });
  });

  it('never puts the presented token in the error', () => {
    const error = run(['secret-a'], 'Bearer leaked-value');
    expect(JSON.stringify({ message: error?.message, details: error?.details })).not.toContain(
      'leaked-value',
    );
  });
});

describe('TokenVerifier', () => {
  it('identifies the caller of an accepted token and nobody for any other', () => {
    const verifier = new TokenVerifier([
      { name: 'old', token: 'old-token-0123456789' },
      { name: 'new', token: 'new-token-0123456789' },
    ]);
    expect(verifier.identify('old-token-0123456789')).toBe('old');
    expect(verifier.identify('new-token-0123456789')).toBe('new');
    expect(verifier.identify('new-token-012345678')).toBeUndefined();
    expect(verifier.identify('')).toBeUndefined();
    expect(verifier.identify(undefined)).toBeUndefined();
    expect(verifier.verify('new-token-0123456789')).toBe(true);
  });
});

describe('checkBearer and verifyBearer (for gRPC metadata)', () => {
  it('verifyBearer gives the caller or the refusal', () => {
    const verifier = new TokenVerifier([{ name: 'frontend', token: 't1' }]);
    expect(verifyBearer(verifier, ['Bearer t1'])).toEqual({ caller: 'frontend' });
    expect(verifyBearer(verifier, 'Bearer t2').error?.code).toBe('UNAUTHORIZED');
  });

  it('gives the same verdicts as the middleware', () => {
    const verifier = new TokenVerifier(['t1']);
    expect(checkBearer(verifier, 'Bearer t1')).toBeUndefined();
    expect(checkBearer(verifier, ['Bearer t1'])).toBeUndefined();
    expect(checkBearer(verifier, 'Bearer t2')?.code).toBe('UNAUTHORIZED');
    expect(checkBearer(new TokenVerifier([]), 'Bearer t1')?.code).toBe('UNAUTHORIZED');
  });
});

describe('bearerTokenFrom', () => {
  it('extracts the token of a Bearer header only', () => {
    expect(bearerTokenFrom('Bearer abc.def-123')).toBe('abc.def-123');
    expect(bearerTokenFrom('Bearer a b')).toBeUndefined();
    expect(bearerTokenFrom('Token abc')).toBeUndefined();
    expect(bearerTokenFrom(undefined)).toBeUndefined();
  });
});
