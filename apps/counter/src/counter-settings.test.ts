import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '@platform/settings';
import { redisOptionsFrom, redisTargetFrom } from '@platform/redis';
import { counterKeyFrom, counterSettingsShape } from './counter-settings.js';

const root = path.resolve(import.meta.dirname, '..');
const settingsOf = (env: Record<string, string>) =>
  loadSettings({ app: 'counter', root, env: { ENVIRONMENT: 'test', ...env }, shape: counterSettingsShape });

describe('counter settings', () => {
  it('connect to REDIS_HOST and REDIS_PORT, 127.0.0.1:6379 by default', () => {
    expect(redisTargetFrom(settingsOf({}))).toEqual({ host: '127.0.0.1', port: 6379, db: 0, tls: false });
    const settings = settingsOf({
      REDIS_HOST: 'back-api',
      REDIS_PORT: '6380',
      REDIS_PASSWORD: 's3cret',
      REDIS_DB: '2',
    });
    expect(redisTargetFrom(settings)).toEqual({
      host: 'back-api',
      port: 6380,
      db: 2,
      tls: false,
      password: 's3cret',
    });
  });

  it('let REDIS_URL win over REDIS_HOST/REDIS_PORT, filling the password and database it leaves out', () => {
    const settings = settingsOf({
      REDIS_URL: 'rediss://cache.example.com:6390',
      REDIS_HOST: 'ignored',
      REDIS_PORT: '1',
      REDIS_USERNAME: 'counter',
      REDIS_PASSWORD: 'from-a-secret',
      REDIS_DB: '4',
    });
    expect(redisTargetFrom(settings)).toEqual({
      host: 'cache.example.com',
      port: 6390,
      db: 4,
      tls: true,
      username: 'counter',
      password: 'from-a-secret',
    });
    const stated = settingsOf({
      REDIS_URL: 'redis://:in-url@cache:6379/1',
      REDIS_PASSWORD: 'other',
      REDIS_DB: '4',
    });
    expect(redisTargetFrom(stated)).toMatchObject({ password: 'in-url', db: 1 });
  });

  it('give ioredis options under which nothing waits without bound', () => {
    const options = redisOptionsFrom(
      settingsOf({
        REDIS_URL: 'rediss://cache.example.com',
        REDIS_CONNECT_TIMEOUT_MS: '1500',
        REDIS_COMMAND_TIMEOUT_MS: '250',
        REDIS_RECONNECT_MAX_DELAY_MS: '900',
      }),
    );
    expect(options).toMatchObject({
      host: 'cache.example.com',
      tls: { servername: 'cache.example.com' },
      connectTimeout: 1_500,
      commandTimeout: 250,
      socketTimeout: 5_000,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      enableAutoPipelining: true,
    });
    const retry = options.retryStrategy as (attempt: number) => number;
    expect(retry(1)).toBeGreaterThan(0);
    expect(retry(100)).toBeLessThanOrEqual(900);
    expect(redisOptionsFrom(settingsOf({ REDIS_TLS: 'yes', REDIS_HOST: '10.0.0.5' })).tls).toEqual({});
    expect(redisOptionsFrom(settingsOf({})).tls).toBeUndefined();
  });

  it('name the counter key <namespace>:<key>, counter:hits by default', () => {
    expect(counterKeyFrom(settingsOf({}))).toBe('counter:hits');
    expect(counterKeyFrom(settingsOf({ COUNTER_NAMESPACE: 'shop', COUNTER_KEY: 'visits' }))).toBe(
      'shop:visits',
    );
  });

  it('list every bad Redis or counter setting at once, never showing a password', () => {
    let caught: unknown;
    try {
      settingsOf({
        REDIS_URL: 'http://user:hunter2@cache',
        REDIS_PORT: '70000',
        REDIS_COMMAND_TIMEOUT_MS: '0',
        COUNTER_KEY: 'has space',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SettingsError);
    const error = caught as SettingsError;
    expect(error.problems.map((problem) => problem.name).sort()).toEqual([
      'COUNTER_KEY',
      'REDIS_COMMAND_TIMEOUT_MS',
      'REDIS_PORT',
      'REDIS_URL',
    ]);
    expect(error.message).not.toContain('hunter2');
  });
});
