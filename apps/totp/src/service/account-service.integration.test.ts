import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs, connectRedis, deletePrefix, uniquePrefix } from '../../test/support/harness.js';
import { composeServices } from '../compose.js';
import { parseOtpauthUri } from '../otp/otpauth-uri.js';
import { totpCode } from '../otp/totp-engine.js';
import { defaultOtpParameters } from '../otp/otp-parameters.js';

const prefix = uniquePrefix('rotation');
const oldKey = '0f'.repeat(32);
const newKey = 'f0'.repeat(32);
let redis: Redis;

beforeAll(async () => {
  redis = await connectRedis();
});
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

const services = (key: string, previous: string[] = []) =>
  composeServices({
    redis,
    logger: captureLogs().logger,
    prefix,
    encryptionKey: key,
    previousEncryptionKeys: previous,
    issuer: 'TOTP Example',
  });

describe('AccountService key rotation', () => {
  it('keeps accounts working under a new key and reseals them, on use or all at once', async () => {
    const before = services(oldKey);
    const now = Math.floor(Date.now() / 1000);
    const secrets = new Map<string, Uint8Array>();
    for (const id of ['rot-a', 'rot-b', 'rot-c']) {
      const { otpauthUri } = await before.accounts.enroll(id, defaultOtpParameters);
      const { secret } = parseOtpauthUri(otpauthUri);
      secrets.set(id, secret);
      await before.accounts.confirm(id, totpCode(secret, now - 30, defaultOtpParameters), '127.0.0.1');
    }
    const sealedBefore = (await before.store.get('rot-a'))?.sealedSecret;

    // Without the old key the secrets cannot be read: a clear 500, not a wrong verdict.
    await expect(
      services(newKey).accounts.verify(
        'rot-a',
        totpCode(secrets.get('rot-a')!, now, defaultOtpParameters),
        '127.0.0.1',
      ),
    ).rejects.toMatchObject({ code: 'SECRET_UNREADABLE', statusCode: 500 });

    const after = services(newKey, [oldKey]);
    const verdict = await after.accounts.verify(
      'rot-a',
      totpCode(secrets.get('rot-a')!, now, defaultOtpParameters),
      '127.0.0.1',
    );
    expect(verdict).toEqual({ status: true });
    const sealedAfter = (await after.store.get('rot-a'))?.sealedSecret;
    expect(sealedAfter).not.toBe(sealedBefore);
    expect(sealedAfter?.split('.')[1]).toBe(after.box.currentKeyId);

    expect(await after.accounts.rewrapAll()).toBe(2); // rot-b and rot-c; rot-a was resealed on use
    const onlyNew = services(newKey);
    for (const id of ['rot-b', 'rot-c']) {
      const code = totpCode(secrets.get(id)!, now, defaultOtpParameters);
      expect(await onlyNew.accounts.verify(id, code, '127.0.0.1')).toEqual({ status: true });
    }
  });
});
