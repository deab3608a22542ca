import { loadSettings } from '@platform/settings';
import { describe, expect, it } from 'vitest';
import { backendTokenFrom, frontendSettingsRules, frontendSettingsShape } from './settings.js';

const load = (env: Record<string, string>) =>
  loadSettings({
    app: 'grpc-frontend',
    root: '/nonexistent',
    env,
    shape: frontendSettingsShape,
    rules: frontendSettingsRules,
  });
const token = 'frontend-token-0123456789';

describe('the token sent to the backend', () => {
  it('is BACKEND_TOKEN', () => {
    expect(backendTokenFrom(load({ BACKEND_TOKEN: token }))).toEqual({ token });
  });

  it('still reads the deprecated BEARER when BACKEND_TOKEN is unset, with a warning', () => {
    const { token: sent, warning } = backendTokenFrom(load({ BEARER: token }));
    expect(sent).toBe(token);
    expect(warning).toMatch(/BEARER is deprecated .*rename it to BACKEND_TOKEN/);
  });

  it("ignores BEARER when BACKEND_TOKEN is set, even a server's list (npm start shares one environment)", () => {
    expect(backendTokenFrom(load({ BACKEND_TOKEN: token, BEARER: 'other-token-0123456789' }))).toEqual({
      token,
    });
    expect(backendTokenFrom(load({ BACKEND_TOKEN: token, BEARER: 'a:old-token-0123456789,x' }))).toEqual({
      token,
    });
  });

  it('warns when there is none', () => {
    expect(backendTokenFrom(load({}))).toEqual({
      token: undefined,
      warning: 'BACKEND_TOKEN is not set: calls to the backend carry no token',
    });
  });

  it("refuses a short token or a server's rotation list under either name, naming the setting", () => {
    expect(() => load({ BEARER: 'x' })).toThrow(/BEARER: needs at least 16 characters/);
    expect(() => load({ BACKEND_TOKEN: 'x' })).toThrow(/BACKEND_TOKEN: needs at least 16 characters/);
    expect(() => load({ BEARER: `${token},other-token-0123456789` })).toThrow(
      /BEARER: one token, not a list/,
    );
  });
});
