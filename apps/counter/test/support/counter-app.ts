// Builds the counter app as main.ts does, with settings from a given environment, on port 0.
import path from 'node:path';
import { Readiness } from '@platform/http';
import { startServer } from '@platform/http/testing';
import { captureLogger, type CapturedLogger } from '@platform/logging/testing';
import { closeRedis, createRedisClient, redisOptionsFrom, waitUntilReady, type Redis } from '@platform/redis';
import { loadSettings } from '@platform/settings';
import { createApp } from '../../src/app.js';
import { counterKeyFrom, counterSettingsShape } from '../../src/counter-settings.js';
import { createRedisHitCounter } from '../../src/hit-counter.js';

export const packageRoot = path.resolve(import.meta.dirname, '../..');

export interface RunningCounter {
  url: string;
  redis: Redis;
  key: string;
  logs: CapturedLogger;
  close: () => Promise<void>;
}

export function settingsFrom(env: Record<string, string>) {
  return loadSettings({ app: 'counter', root: packageRoot, env, shape: counterSettingsShape });
}

export async function startCounter(env: Record<string, string>): Promise<RunningCounter> {
  const settings = settingsFrom(env);
  const logs = captureLogger({ app: 'counter' });
  const { logger } = logs;
  const redis = createRedisClient({ options: redisOptionsFrom(settings), logger });
  await waitUntilReady(redis, settings.REDIS_CONNECT_TIMEOUT_MS);
  const key = counterKeyFrom(settings);
  const counter = createRedisHitCounter({ redis, key });
  const readiness = new Readiness({ timeoutMs: 1_000 }).register('redis', () => counter.isReady());
  const server = await startServer(createApp({ logger, counter, readiness }));
  return {
    url: server.url,
    redis,
    key,
    logs,
    close: async () => {
      await server.close();
      await closeRedis(redis);
    },
  };
}

/** A namespace no other test file or run uses. */
export function uniqueNamespace(label: string): string {
  return `test-counter-${label}-${process.pid}-${Date.now().toString(36)}`;
}
