#!/usr/bin/env node
// totp-rewrap: after TOTP_ENCRYPTION_KEY changed (old key in TOTP_ENCRYPTION_KEYS_PREVIOUS),
// seals every stored secret with the new key, so the old key can then be dropped.
import { fileURLToPath } from 'node:url';
import { closeLogger, createLogger, loggerSettingsFrom } from '@platform/logging';
import { loadSettings } from '@platform/settings';
import { composeServices } from './compose.js';
import { totpSettingsShape } from './settings.js';
import { createRedisClient, redisReady } from './store/redis-client.js';

const settings = loadSettings({
  app: 'totp',
  root: fileURLToPath(new URL('..', import.meta.url)),
  shape: totpSettingsShape,
});
const logger = createLogger(loggerSettingsFrom({ ...settings, PROCESS_ID: 'rewrap' }));
const redis = createRedisClient({
  url: settings.REDIS_URL,
  logger,
  commandTimeoutMs: settings.REDIS_COMMAND_TIMEOUT_MS,
});
try {
  await redisReady(redis);
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
} catch (error) {
  logger.error({ err: error }, 'Rewrap failed');
  process.exitCode = 1;
} finally {
  redis.disconnect();
  await closeLogger(logger);
}
