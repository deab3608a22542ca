import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';
import { isSecretKey, scrubSecrets } from './redact-paths.js';

function capture(): { lines: Record<string, unknown>[]; logger: ReturnType<typeof createLogger> } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
  return {
    lines,
    logger: createLogger({ app: 'test', environment: 'test', level: 'info' }, { destination }),
  };
}

describe('isSecretKey', () => {
  it('knows a secret by the words in its name, in any case and with any separators', () => {
    for (const key of [
      'token',
      'accessToken',
      'REFRESH_TOKEN',
      'BEARER',
      'x-api-key',
      'apiKey',
      'API_KEY',
      'db_password',
      'passwd',
      'Passphrase',
      'clientSecret',
      'Authorization',
      'proxy-authorization',
      'Set-Cookie',
      'cookies',
      'credentials',
      'clientCredential',
      'private_key',
      'privateKey',
      'TOTP_ENCRYPTION_KEY',
      'otpauthUri',
      'recoveryCodes',
      'recovery_code',
    ]) {
      expect(isSecretKey(key), key).toBe(true);
    }
  });

  it('leaves ordinary fields alone', () => {
    for (const key of [
      'name',
      'email',
      'request.id',
      'durationMs',
      'status',
      'account',
      'key',
      'monkey',
      'host',
    ]) {
      expect(isSecretKey(key), key).toBe(false);
    }
  });
});

describe('scrubSecrets', () => {
  it('reaches any depth and arrays without touching what the caller holds', () => {
    let deep: Record<string, unknown> = { dbPassword: 'deep-secret' };
    for (let level = 0; level < 12; level += 1)
      deep = { level, inner: deep, list: [{ apiKey: `k${level}` }] };
    const scrubbed = scrubSecrets({ deep });
    const text = JSON.stringify(scrubbed);
    expect(text).not.toContain('deep-secret');
    expect(text).not.toMatch(/"k\d+"/);
    expect(JSON.stringify(deep)).toContain('deep-secret');
  });

  it('survives a cycle', () => {
    const looped: Record<string, unknown> = { privateKey: 'pk' };
    looped['self'] = looped;
    const scrubbed = scrubSecrets({ looped });
    expect((scrubbed.looped as Record<string, unknown>)['privateKey']).toBe('[REDACTED]');
  });
});

describe('a logged error', () => {
  it('is serialized and scrubbed when logged on its own', () => {
    const { lines, logger } = capture();
    logger.error(Object.assign(new Error('alone'), { sessionToken: 'alone-token' }));
    expect(JSON.stringify(lines[0])).not.toContain('alone-token');
    expect(lines[0]).toMatchObject({ message: 'alone' });
  });

  it('keeps its message and stack, and loses secrets in its own fields and in its causes', () => {
    const { lines, logger } = capture();
    const cause = Object.assign(new Error('upstream refused'), {
      options: { headers: { Authorization: 'Bearer cause-token' } },
    });
    const error = Object.assign(new Error('call failed', { cause }), {
      credentials: { user: 'ada', pass: 'x' },
      request: { apiKey: 'error-api-key' },
    });
    logger.error({ err: error }, 'failed');
    const text = JSON.stringify(lines[0]);
    for (const secret of ['cause-token', 'error-api-key', '"pass":"x"']) expect(text).not.toContain(secret);
    expect(text).toContain('call failed');
    expect(text).toContain('upstream refused');
    expect(lines[0]).toMatchObject({
      err: { type: 'Error', message: 'call failed', cause: { message: 'upstream refused' } },
    });
  });
});

describe('errors that refer to themselves', () => {
  it('logs an error whose fields form a cycle, with the cycle marked and secrets scrubbed', () => {
    const request: Record<string, unknown> = {
      url: 'http://upstream/',
      headers: { authorization: 'Bearer s3cret' },
    };
    const error = Object.assign(new Error('upstream failed'), { request, big: 10n });
    request['error'] = error;
    const wrapped = new Error('call failed', { cause: error });
    const scrubbed = scrubSecrets({ err: wrapped });
    const text = JSON.stringify(scrubbed);
    expect(text).toContain('upstream failed');
    expect(text).toContain('[Circular]');
    expect(text).not.toContain('s3cret');
  });
});
