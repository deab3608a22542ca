import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '@platform/settings';
import { clientTokenSetting } from './index.js';

function problemsOf(value: string): { name: string; message: string }[] {
  try {
    loadSettings({
      app: 'test',
      root: '/nonexistent',
      shape: { BACKEND_TOKEN: clientTokenSetting },
      env: { BACKEND_TOKEN: value },
    });
  } catch (error) {
    if (error instanceof SettingsError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('clientTokenSetting', () => {
  it('takes one token as it is', () => {
    expect(clientTokenSetting.parse('frontend-token-0123456789')).toBe('frontend-token-0123456789');
  });

  it("refuses a server's rotation list copied in, naming the setting and not the value", () => {
    const problems = problemsOf('old-token-0123456789,new-token-0123456789');
    expect(problems).toEqual([
      {
        name: 'BACKEND_TOKEN',
        message: "one token, not a list (a server's BEARER may list several: send one of them)",
      },
    ]);
    expect(JSON.stringify(problems)).not.toContain('old-token');
  });

  it('refuses a short token and one a Bearer header cannot carry', () => {
    expect(problemsOf('x')).toEqual([{ name: 'BACKEND_TOKEN', message: 'needs at least 16 characters' }]);
    expect(problemsOf('token with spaces 0123456789')[0]?.message).toMatch(/printable ASCII/);
  });
});
