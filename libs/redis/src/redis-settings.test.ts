import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '@platform/settings';
import { redisOptionsFrom, redisTargetFrom } from './redis-options.js';
import { redisSettingsShape } from './redis-settings.js';

const root = mkdtempSync(path.join(tmpdir(), 'redis-settings-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const settingsOf = (env: Record<string, string>) =>
  loadSettings({ app: 'demo', root, env, shape: redisSettingsShape });

describe('redisSettingsShape', () => {
  it('connects to 127.0.0.1:6379, database 0, without TLS by default', () => {
    expect(redisTargetFrom(settingsOf({}))).toEqual({ host: '127.0.0.1', port: 6379, db: 0, tls: false });
  });

  it('reads user, password, database and TLS from REDIS_URL, winning over REDIS_HOST/REDIS_PORT', () => {
    const settings = settingsOf({
      REDIS_URL: 'rediss://app:p%40ss@cache.example.com:6390/2',
      REDIS_HOST: 'ignored',
      REDIS_PORT: '1',
    });
    expect(redisTargetFrom(settings)).toEqual({
      host: 'cache.example.com',
      port: 6390,
      db: 2,
      tls: true,
      username: 'app',
      password: 'p@ss',
    });
  });

  it('fills what the URL leaves out from REDIS_USERNAME, REDIS_PASSWORD and REDIS_DB', () => {
    const settings = settingsOf({
      REDIS_URL: 'redis://cache:6379',
      REDIS_USERNAME: 'counter',
      REDIS_PASSWORD: 'from-a-secret',
      REDIS_DB: '4',
    });
    expect(redisTargetFrom(settings)).toMatchObject({
      username: 'counter',
      password: 'from-a-secret',
      db: 4,
    });
    expect(
      redisTargetFrom(settingsOf({ REDIS_URL: 'redis://:in-url@cache/1', REDIS_PASSWORD: 'other' })),
    ).toMatchObject({ password: 'in-url', db: 1 });
  });

  it('lists every bad value with what was expected, never the password', () => {
    let caught: unknown;
    try {
      settingsOf({
        REDIS_URL: 'http://user:hunter2@cache',
        REDIS_PORT: '70000',
        REDIS_COMMAND_TIMEOUT_MS: '0',
        REDIS_TLS: 'maybe',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SettingsError);
    const error = caught as SettingsError;
    expect(error.problems.map((problem) => problem.name).sort()).toEqual([
      'REDIS_COMMAND_TIMEOUT_MS',
      'REDIS_PORT',
      'REDIS_TLS',
      'REDIS_URL',
    ]);
    expect(error.message).toContain('REDIS_URL: must start with redis:// or rediss:// (TLS)');
    expect(error.message).not.toContain('hunter2');
  });
});

describe('redisOptionsFrom', () => {
  it('bounds every wait and never queues or resends a command', () => {
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
  });

  it('checks a TLS certificate against a host name with SNI, and an IP address without', () => {
    expect(redisOptionsFrom(settingsOf({ REDIS_TLS: 'yes', REDIS_HOST: '10.0.0.5' })).tls).toEqual({});
    expect(redisOptionsFrom(settingsOf({})).tls).toBeUndefined();
  });
});
