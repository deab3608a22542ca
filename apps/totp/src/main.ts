import { fileURLToPath } from 'node:url';
import { runService } from '@platform/http';
import { closeRedis, createRedisClient, redisOptionsFrom, waitUntilReady } from '@platform/redis';
import { SettingsError } from '@platform/settings';
import { createApp } from './app.js';
import { composeServices } from './compose.js';
import { base32Decode } from './otp/base32.js';
import { isDigits, type OtpParameters } from './otp/otp-parameters.js';
import { seedSubject } from './http/seed-subject.js';
import { totpSettingsRules, totpSettingsShape } from './settings.js';

await runService({
  app: 'totp',
  root: fileURLToPath(new URL('..', import.meta.url)),
  shape: totpSettingsShape,
  rules: totpSettingsRules,
  start: async ({ settings, logger, readiness }) => {
    const digits = settings.TOTP_DIGITS;
    if (!isDigits(digits))
      throw new SettingsError([{ name: 'TOTP_DIGITS', message: '6, 7 or 8' }], 'environment');
    const defaults: OtpParameters = {
      algorithm: settings.TOTP_ALGORITHM,
      digits,
      period: settings.TOTP_PERIOD,
    };

    const redis = createRedisClient({ options: redisOptionsFrom(settings), logger });
    // Give Redis one connection attempt before listening; start anyway (503 and not ready) without it.
    await waitUntilReady(redis, settings.REDIS_CONNECT_TIMEOUT_MS);
    readiness.register('redis', async () => (await redis.ping()) === 'PONG');

    const services = composeServices({
      redis,
      logger,
      prefix: settings.TOTP_REDIS_PREFIX,
      encryptionKey: settings.TOTP_ENCRYPTION_KEY,
      previousEncryptionKeys: settings.TOTP_ENCRYPTION_KEYS_PREVIOUS,
      issuer: settings.TOTP_ISSUER,
      throttle: {
        subjectFailures: settings.TOTP_THROTTLE_ACCOUNT_FAILURES,
        addressFailures: settings.TOTP_THROTTLE_ADDRESS_FAILURES,
        lockoutMs: settings.TOTP_THROTTLE_LOCKOUT_S * 1000,
        maxLockoutMs: settings.TOTP_THROTTLE_MAX_LOCKOUT_S * 1000,
        windowMs: settings.TOTP_THROTTLE_WINDOW_S * 1000,
      },
    });
    const seed = settings.TOTP_BASE32_SECRET
      ? seedSubject({
          secret: base32Decode(settings.TOTP_BASE32_SECRET),
          parameters: defaults,
          issuer: settings.TOTP_ISSUER,
          account: settings.TOTP_ACCOUNT,
        })
      : undefined;
    const browserClient = !settings.TOTP_BROWSER_CLIENT
      ? undefined
      : settings.TOTP_CLIENT_ACCOUNT
        ? ({ kind: 'account', account: settings.TOTP_CLIENT_ACCOUNT } as const)
        : seed
          ? ({ kind: 'seed', seed } as const)
          : undefined;
    if (settings.BEARER.length === 0) {
      logger.warn('BEARER is not set: every bearer-protected route answers 401');
    }

    return {
      handler: createApp({
        logger,
        readiness,
        bearerTokens: settings.BEARER,
        verifier: services.verifier,
        accounts: services.accounts,
        recovery: services.recovery,
        defaults,
        issuer: settings.TOTP_ISSUER,
        seed,
        provisioning: settings.TOTP_ENROLLMENT_PAGE ? 'open' : 'bearer',
        browserClient,
        bodyLimit: settings.BODY_LIMIT,
        trustProxy: settings.TRUST_PROXY,
      }),
      close: () => closeRedis(redis),
    };
  },
});
