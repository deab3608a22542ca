import { AppError } from '@platform/errors';

type Options = { cause?: unknown };

export class AccountNotFoundError extends AppError {
  constructor() {
    super('ACCOUNT_NOT_FOUND', 'No such account', { statusCode: 404 });
  }
}

/** The account is not in the state the operation needs (details.state tells which it is in). */
export class AccountStateError extends AppError {
  constructor(state: string, expected: string) {
    super('ACCOUNT_STATE', `The account is ${state}; this needs it ${expected}`, {
      statusCode: 409,
      details: { state, expected },
    });
  }
}

/** A stored secret cannot be decrypted: unknown key id (rotation dropped it too early), tampering, bad format. */
export class SecretUnreadableError extends AppError {
  constructor(reason: 'format' | 'unknown-key' | 'authentication', options: Options = {}) {
    super('SECRET_UNREADABLE', 'A stored secret cannot be decrypted with the configured keys', {
      statusCode: 500,
      details: { reason },
      cause: options.cause,
    });
  }
}

/** The browser client's route refuses requests that do not come from its own page. */
export class CrossOriginError extends AppError {
  constructor() {
    super('CROSS_ORIGIN', 'Requests must come from this server’s own page', { statusCode: 403 });
  }
}

export class NotConfiguredError extends AppError {
  constructor(what: string) {
    super('NOT_CONFIGURED', `${what} is not configured on this server`, { statusCode: 404 });
  }
}

/** Every code this app adds to the platform catalogue, for the README and the uniqueness test. */
export const totpErrorCodes = [
  'ACCOUNT_NOT_FOUND',
  'ACCOUNT_STATE',
  'SECRET_UNREADABLE',
  'CROSS_ORIGIN',
  'NOT_CONFIGURED',
] as const;
