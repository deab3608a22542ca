import { describe, expect, it } from 'vitest';
import type { UnauthorizedError } from '@platform/errors';
import { bearerAuth, bearerTokenFrom, checkBearer, TokenVerifier } from './index.js';

function run(tokens: string[], authorization?: string): UnauthorizedError | undefined {
  let outcome: unknown = 'not called';
  bearerAuth({ tokens })({ headers: { authorization } }, {}, (error) => {
    outcome = error;
  });
  expect(outcome).not.toBe('not called');
  return outcome as UnauthorizedError | undefined;
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

  it('never puts the presented token in the error', () => {
    const error = run(['secret-a'], 'Bearer leaked-value');
    expect(JSON.stringify({ message: error?.message, details: error?.details })).not.toContain(
      'leaked-value',
    );
  });
});

describe('checkBearer (for gRPC metadata)', () => {
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
