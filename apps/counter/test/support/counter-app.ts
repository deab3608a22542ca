// Builds the counter app as main.ts does, with settings from a given environment, on port 0.
import path from 'node:path';
import { Writable } from 'node:stream';
import { listen, Readiness } from '@platform/http';
import { createLogger } from '@platform/logging';
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
  logs: Record<string, unknown>[];
  close: () => Promise<void>;
}

export function settingsFrom(env: Record<string, string>) {
  return loadSettings({ app: 'counter', root: packageRoot, env, shape: counterSettingsShape });
}

export async function startCounter(env: Record<string, string>): Promise<RunningCounter> {
  const settings = settingsFrom(env);
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger(
    { app: 'counter', environment: 'test', level: 'debug' },
    {
      destination: new Writable({
        write(chunk: Buffer, _encoding, callback) {
          for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line));
          callback();
        },
      }),
    },
  );
  const redis = createRedisClient({ options: redisOptionsFrom(settings), logger });
  await waitUntilReady(redis, settings.REDIS_CONNECT_TIMEOUT_MS);
  const key = counterKeyFrom(settings);
  const counter = createRedisHitCounter({ redis, key });
  const readiness = new Readiness({ timeoutMs: 1_000 }).register('redis', () => counter.isReady());
  const server = await listen({
    handler: createApp({ logger, counter, readiness }),
    port: 0,
    host: '127.0.0.1',
  });
  return {
    url: server.url,
    redis,
    key,
    logs,
    close: async () => {
      await server.close(500);
      await closeRedis(redis);
    },
  };
}

/** A namespace no other test file or run uses. */
export function uniqueNamespace(label: string): string {
  return `test-counter-${label}-${process.pid}-${Date.now().toString(36)}`;
}
