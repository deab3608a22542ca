import { describe, expect, it } from 'vitest';
import { interpolateString, interpolateValue } from './interpolate.js';

describe('interpolateString', () => {
  const env = { HOST: 'api.internal', EMPTY: '', PORT: '8051' };

  it('replaces ${VAR} with its value', () => {
    expect(interpolateString('http://${HOST}:${PORT}/', env)).toEqual({
      value: 'http://api.internal:8051/',
      problems: [],
    });
  });

  it('uses the default of ${VAR:-default} when the variable is unset or empty', () => {
    expect(interpolateString('${MISSING:-127.0.0.1}', env).value).toBe('127.0.0.1');
    expect(interpolateString('${EMPTY:-fallback}', env).value).toBe('fallback');
    expect(interpolateString('${HOST:-fallback}', env).value).toBe('api.internal');
    expect(interpolateString('${MISSING:-}', env).value).toBe('');
  });

  it('keeps $$ as a literal $ and leaves other dollars alone', () => {
    expect(interpolateString('cost $$5 and $HOST', env).value).toBe('cost $5 and $HOST');
    expect(interpolateString('$${HOST}', env).value).toBe('${HOST}');
  });

  it('reports an unset variable without a default, naming it', () => {
    const result = interpolateString('Bearer ${TOKEN}', env);
    expect(result.problems).toEqual([
      'uses ${TOKEN}, which is not set (give a default with ${TOKEN:-value})',
    ]);
  });

  it('reports malformed and unterminated references', () => {
    expect(interpolateString('${1BAD}', env).problems[0]).toMatch(/malformed/);
    expect(interpolateString('${HOST', env).problems[0]).toMatch(/unterminated/);
  });
});

describe('interpolateValue', () => {
  it('walks mappings and lists, keeps keys and non-strings, and reports paths', () => {
    const result = interpolateValue(
      { baseUrl: '${URL}', retry: { limit: 2, methods: ['${M:-GET}'] }, headers: { '${KEY}': '${NOPE}' } },
      { URL: 'http://x/' },
    );
    expect(result.value).toEqual({
      baseUrl: 'http://x/',
      retry: { limit: 2, methods: ['GET'] },
      headers: { '${KEY}': '${NOPE}' },
    });
    expect(result.problems).toEqual([{ path: 'headers.${KEY}', message: expect.stringMatching(/NOPE/) }]);
  });
});
