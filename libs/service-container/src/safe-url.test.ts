import { describe, expect, it } from 'vitest';
import { redactUrlCredentials, safeUrl } from './safe-url.js';

describe('safeUrl', () => {
  it('replaces user-info credentials and keeps the rest', () => {
    expect(safeUrl('http://user:pa55@host:81/a?b=1')).toBe('http://REDACTED@host:81/a?b=1');
    expect(safeUrl(new URL('https://host/x'))).toBe('https://host/x');
    expect(safeUrl('not a url')).toBe('(invalid URL)');
    expect(safeUrl(undefined)).toBe('(no URL)');
  });
});

describe('redactUrlCredentials', () => {
  it('redacts credentials of every URL inside a text', () => {
    expect(redactUrlCredentials('GET http://u:p@h/x failed; see https://k@i/')).toBe(
      'GET http://REDACTED@h/x failed; see https://REDACTED@i/',
    );
  });
});
