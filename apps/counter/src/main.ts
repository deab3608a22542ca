import path from 'node:path';
import { runService } from '@platform/http';
import { closeRedis, createRedisClient, redisOptionsFrom, waitUntilReady } from '@platform/redis';
import { createApp } from './app.js';
import { counterKeyFrom, counterSettingsShape } from './counter-settings.js';
import { createRedisHitCounter } from './hit-counter.js';

await runService({
  app: 'counter',
  root: path.resolve(import.meta.dirname, '..'),
  shape: counterSettingsShape,
  start: async ({ settings, logger, readiness }) => {
    const redis = createRedisClient({ options: redisOptionsFrom(settings), logger });
    // Give Redis one connection attempt before listening; start anyway (503 and not ready) without it.
    await waitUntilReady(redis, settings.REDIS_CONNECT_TIMEOUT_MS);
    const counter = createRedisHitCounter({ redis, key: counterKeyFrom(settings) });
    readiness.register('redis', () => counter.isReady());
    return {
      handler: createApp({
        logger,
        counter,
        readiness,
        bodyLimit: settings.BODY_LIMIT,
        trustProxy: settings.TRUST_PROXY,
      }),
      close: () => closeRedis(redis),
    };
  },
});
