import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envBoolean, envList, loadSettings, SettingsError, z } from './index.js';

let root: string;

function writeEnv(environment: string, text: string): void {
  mkdirSync(path.join(root, 'env', environment), { recursive: true });
  writeFileSync(path.join(root, 'env', environment, '.env'), text);
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'settings-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('loadSettings', () => {
  it('reads env/local/.env by default and applies defaults', () => {
    writeEnv('local', 'PORT=4100\nGREETING="hi there"\n');
    const settings = loadSettings({ app: 'demo', root, env: {}, shape: { GREETING: z.string() } });
    expect(settings.ENVIRONMENT).toBe('local');
    expect(settings.PORT).toBe(4100);
    expect(settings.HOST).toBe('127.0.0.1');
    expect(settings.GREETING).toBe('hi there');
    expect(settings.APP).toBe('demo');
    expect(settings.ENV_FILE).toBe(path.join(root, 'env', 'local', '.env'));
  });

  it('reads the file of the ENVIRONMENT named, and real variables win over it', () => {
    writeEnv('production', 'PORT=80\nLOG_LEVEL=warn\n');
    const settings = loadSettings({
      app: 'demo',
      root,
      env: { ENVIRONMENT: 'production', PORT: '8080' },
      shape: {},
    });
    expect(settings.PORT).toBe(8080);
    expect(settings.LOG_LEVEL).toBe('warn');
  });

  it('returns a deeply frozen object', () => {
    const settings = loadSettings({
      app: 'demo',
      root,
      env: { TOKENS: 'a, b' },
      shape: { TOKENS: envList },
    });
    expect(Object.isFrozen(settings)).toBe(true);
    expect(Object.isFrozen(settings.TOKENS)).toBe(true);
    expect(settings.TOKENS).toEqual(['a', 'b']);
    expect(() => {
      (settings as { PORT: number }).PORT = 1;
    }).toThrow(TypeError);
  });

  it('fails listing every bad or missing variable at once, without their values', () => {
    const attempt = () =>
      loadSettings({
        app: 'demo',
        root,
        env: { PORT: 'not-a-port', LOG_LEVEL: 'loud', SECRET_KEY: 'hunter2-is-secret' },
        shape: { SECRET_KEY: z.string().length(64), DATABASE_URL: z.url() },
      });
    expect(attempt).toThrow(SettingsError);
    try {
      attempt();
    } catch (error) {
      const settingsError = error as SettingsError;
      expect(settingsError.code).toBe('SETTINGS_INVALID');
      expect(settingsError.problems.map((problem) => problem.name).sort()).toEqual([
        'DATABASE_URL',
        'LOG_LEVEL',
        'PORT',
        'SECRET_KEY',
      ]);
      expect(settingsError.message).toContain('DATABASE_URL: is required');
      expect(settingsError.message).not.toContain('hunter2');
    }
  });

  it('treats empty values as unset and parses env booleans', () => {
    writeEnv('local', 'FEATURE=yes\nOPTIONAL=\n');
    const settings = loadSettings({
      app: 'demo',
      root,
      env: {},
      shape: { FEATURE: envBoolean, OPTIONAL: z.string().optional() },
    });
    expect(settings.FEATURE).toBe(true);
    expect(settings.OPTIONAL).toBeUndefined();
  });

  describe('rules', () => {
    const shape = { TOKEN: z.string().optional(), ALLOW_ANONYMOUS: envBoolean.default(false) };
    const needsToken = (settings: { TOKEN?: string | undefined; ALLOW_ANONYMOUS: boolean }) =>
      settings.TOKEN || settings.ALLOW_ANONYMOUS
        ? []
        : [{ name: 'TOKEN', message: 'is required unless ALLOW_ANONYMOUS=true' }];

    it('accepts settings every rule passes, and hands the rules the parsed, typed values', () => {
      const settings = loadSettings({
        app: 'demo',
        root,
        env: { ALLOW_ANONYMOUS: 'yes' },
        shape,
        rules: needsToken,
      });
      expect(settings.ALLOW_ANONYMOUS).toBe(true);
    });

    it('throws one SettingsError listing the problems of every rule', () => {
      const portAbove = (settings: { PORT: number }) =>
        settings.PORT > 1024 ? [] : [{ name: 'PORT', message: 'must be above 1024' }];
      const attempt = () =>
        loadSettings({
          app: 'demo',
          root,
          env: { PORT: '80', TOKEN: '' },
          shape,
          rules: [needsToken, portAbove],
        });
      expect(attempt).toThrow(SettingsError);
      try {
        attempt();
      } catch (error) {
        const settingsError = error as SettingsError;
        expect(settingsError.code).toBe('SETTINGS_INVALID');
        expect(settingsError.problems).toEqual([
          { name: 'TOKEN', message: 'is required unless ALLOW_ANONYMOUS=true' },
          { name: 'PORT', message: 'must be above 1024' },
        ]);
        expect(settingsError.message).toContain('TOKEN: is required unless ALLOW_ANONYMOUS=true');
      }
    });

    it('runs the rules only once every variable parses, so a rule never sees a bad value', () => {
      let calls = 0;
      const counting = () => {
        calls += 1;
        return [];
      };
      expect(() =>
        loadSettings({ app: 'demo', root, env: { PORT: 'eighty' }, shape, rules: counting }),
      ).toThrow(/PORT/);
      expect(calls).toBe(0);
    });
  });
});
