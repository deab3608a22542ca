import { describe, expect, it } from 'vitest';
import { parseRedisUrl } from './redis-url.js';

describe('parseRedisUrl', () => {
  it('reads host, port, user, password and database, decoding escapes', () => {
    expect(parseRedisUrl('redis://app:p%40ss%3Aword@cache.internal:6380/3')).toEqual({
      ok: true,
      value: {
        host: 'cache.internal',
        port: 6380,
        tls: false,
        username: 'app',
        password: 'p@ss:word',
        db: 3,
      },
    });
  });

  it('defaults to port 6379 and leaves out what the URL does not say', () => {
    expect(parseRedisUrl('redis://redis')).toEqual({
      ok: true,
      value: { host: 'redis', port: 6379, tls: false },
    });
    expect(parseRedisUrl('redis://:secret@redis/')).toEqual({
      ok: true,
      value: { host: 'redis', port: 6379, tls: false, password: 'secret' },
    });
  });

  it('turns TLS on for rediss:// and unwraps IPv6 hosts', () => {
    expect(parseRedisUrl('rediss://[::1]:6390')).toEqual({
      ok: true,
      value: { host: '::1', port: 6390, tls: true },
    });
  });

  it('explains what is wrong without quoting the URL', () => {
    const cases = {
      'not a url': /must be a URL/,
      'http://user:hunter2@redis:6379': /must start with redis:\/\/ or rediss:\/\//,
      'redis://:hunter2@redis:6379/cache': /database as a number/,
      'redis://hunter2:%zz@redis': /percent-encoding/,
    };
    for (const [text, expected] of Object.entries(cases)) {
      const result = parseRedisUrl(text);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.problem).toMatch(expected);
        expect(result.problem).not.toContain('hunter2');
      }
    }
  });
});
