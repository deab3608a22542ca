import { describe, expect, it } from 'vitest';
import { errorCatalogue } from '@platform/errors';
import {
  AccountNotFoundError,
  AccountStateError,
  CrossOriginError,
  NotConfiguredError,
  SecretUnreadableError,
  totpErrorCodes,
} from './errors.js';

describe('totp error codes', () => {
  it('are unique, distinct from the platform catalogue, and match their classes', () => {
    expect(new Set(totpErrorCodes).size).toBe(totpErrorCodes.length);
    const platformCodes = Object.keys(errorCatalogue);
    for (const code of totpErrorCodes) expect(platformCodes).not.toContain(code);
    const made = [
      new AccountNotFoundError(),
      new AccountStateError('pending', 'active'),
      new SecretUnreadableError('format'),
      new CrossOriginError(),
      new NotConfiguredError('x'),
    ].map((error) => [error.code, error.statusCode]);
    expect(made).toEqual([
      ['ACCOUNT_NOT_FOUND', 404],
      ['ACCOUNT_STATE', 409],
      ['SECRET_UNREADABLE', 500],
      ['CROSS_ORIGIN', 403],
      ['NOT_CONFIGURED', 404],
    ]);
  });
});
