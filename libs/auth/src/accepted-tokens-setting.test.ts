import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '@platform/settings';
import { acceptedTokensSetting } from './index.js';

const first = 'first-token-0123456789';
const second = 'second-token-0123456789';

function problemsOf(value: string): { name: string; message: string }[] {
  try {
    loadSettings({
      app: 'test',
      root: '/nonexistent',
      shape: { BEARER: acceptedTokensSetting },
      env: { BEARER: value },
    });
  } catch (error) {
    if (error instanceof SettingsError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('acceptedTokensSetting', () => {
  it('names bare tokens caller-1, caller-2… by position, and named entries by their name', () => {
    expect(acceptedTokensSetting.parse(`${first}, reporting:${second}`)).toEqual([
      { name: 'caller-1', token: first },
      { name: 'reporting', token: second },
    ]);
    expect(acceptedTokensSetting.parse(`grpc-frontend : ${first}`)).toEqual([
      { name: 'grpc-frontend', token: first },
    ]);
    expect(acceptedTokensSetting.parse('')).toEqual([]);
  });

  it('keeps colons after the first one in the token', () => {
    expect(acceptedTokensSetting.parse(`billing:${first}:x`)).toEqual([
      { name: 'billing', token: `${first}:x` },
    ]);
  });

  it('refuses a token under 16 characters at start, naming the setting and the entry, never the value', () => {
    const problems = problemsOf(`${first},x`);
    expect(problems).toEqual([{ name: 'BEARER.1', message: 'each token needs at least 16 characters' }]);
    expect(problemsOf('billing:short-token')).toEqual([
      { name: 'BEARER.0', message: 'each token needs at least 16 characters' },
    ]);
    expect(JSON.stringify(problemsOf('billing:short-token'))).not.toContain('short-token');
  });

  it('refuses a bad caller name, a token no Bearer header can carry, and duplicates', () => {
    expect(problemsOf(`Billing:${first}`)[0]?.message).toMatch(/caller name .* a-z, 0-9 and -/);
    expect(problemsOf(`${'a'.repeat(41)}:${first}`)[0]?.name).toBe('BEARER.0');
    expect(problemsOf(`:${first}`)[0]?.name).toBe('BEARER.0');
    expect(problemsOf(`billing:${first}é`)[0]?.message).toMatch(/printable ASCII/);
    expect(problemsOf(`a:${first},a:${second}`)).toEqual([
      { name: 'BEARER.1', message: 'the caller name a is used twice' },
    ]);
    expect(problemsOf(`caller-2:${first},${second}`)).toEqual([
      { name: 'BEARER.1', message: 'the caller name caller-2 is used twice' },
    ]);
    const twice = problemsOf(`a:${first},b:${first}`);
    expect(twice).toEqual([{ name: 'BEARER.1', message: 'this token is listed twice' }]);
    expect(JSON.stringify(twice)).not.toContain(first);
  });

  it('reports every bad entry at once', () => {
    expect(problemsOf('x,Bad:0123456789abcdef,y').map((problem) => problem.name)).toEqual([
      'BEARER.0',
      'BEARER.1',
      'BEARER.2',
    ]);
  });
});
