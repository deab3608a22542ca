#!/usr/bin/env node
// totp-rewrap: after TOTP_ENCRYPTION_KEY changed (old key in TOTP_ENCRYPTION_KEYS_PREVIOUS),
// seals every stored secret with the new key, so the old key can then be dropped.
// Prints the count on stdout; logs go to stderr. Exit 0 done, 1 failed (run it again: it
// skips what is already sealed with the new key), 2 bad settings.
import { fileURLToPath } from 'node:url';
import { runJob } from '@platform/http';
import {
  closeRedis,
  createRedisClient,
  RedisUnavailableError,
  redisOptionsFrom,
  waitUntilReady,
} from '@platform/redis';
import { composeServices } from './compose.js';
import { totpSettingsShape } from './settings.js';

await runJob({
  app: 'totp',
  root: fileURLToPath(new URL('..', import.meta.url)),
  shape: totpSettingsShape,
  processId: 'rewrap',
  run: async ({ settings, logger }) => {
    const redis = createRedisClient({ options: redisOptionsFrom(settings), logger });
    try {
      // A few connection attempts: Redis may be restarting.
      const waitMs = Math.max(5_000, settings.REDIS_CONNECT_TIMEOUT_MS);
      if (!(await waitUntilReady(redis, waitMs))) {
        throw new RedisUnavailableError(`Redis not ready after ${waitMs} ms`);
      }
      const { accounts } = composeServices({
        redis,
        logger,
        prefix: settings.TOTP_REDIS_PREFIX,
        encryptionKey: settings.TOTP_ENCRYPTION_KEY,
        previousEncryptionKeys: settings.TOTP_ENCRYPTION_KEYS_PREVIOUS,
        issuer: settings.TOTP_ISSUER,
      });
      const count = await accounts.rewrapAll();
      logger.info({ event: 'totp.rewrap', count }, `Resealed ${count} secrets with the current key`);
      process.stdout.write(`Resealed ${count} secrets with the current key\n`);
    } finally {
      await closeRedis(redis);
    }
  },
});
