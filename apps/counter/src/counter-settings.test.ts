import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '@platform/settings';
import { redisTargetFrom } from '@platform/redis';
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
