import { describe, expect, it } from 'vitest';
import { categories, malformedRequests } from './malformed-requests.js';

const routes = [
  { method: 'POST', path: '/example/foo' },
  { method: 'GET', path: '/check/:key' },
];

describe('malformedRequests', () => {
  it('gives the same bytes for the same seed and others for another seed', () => {
    const first = malformedRequests({ seed: 7, count: 200, routes });
    const again = malformedRequests({ seed: 7, count: 200, routes });
    const other = malformedRequests({ seed: 8, count: 200, routes });
    expect(again.map((item) => item.bytes.toString('base64'))).toEqual(
      first.map((item) => item.bytes.toString('base64')),
    );
    expect(other.map((item) => item.bytes.toString('base64'))).not.toEqual(
      first.map((item) => item.bytes.toString('base64')),
    );
  });

  it('covers every category with distinct, replayable ids', () => {
    const cases = malformedRequests({ seed: 1, count: 400, routes });
    expect(new Set(cases.map((item) => item.category))).toEqual(new Set(categories));
    expect(new Set(cases.map((item) => item.id)).size).toBe(cases.length);
    expect(cases[0]!.id).toBe('framing#0@1');
  });

  it('includes oversized declarations, bad encodings and prototype keys', () => {
    const text = malformedRequests({ seed: 3, count: 800, routes }).map((item) =>
      item.bytes.toString('latin1'),
    );
    expect(text.some((request) => /Content-Length: \d{8,}/.test(request))).toBe(true);
    expect(text.some((request) => /content-encoding: (gzip|br|deflate|x-unknown)/.test(request))).toBe(true);
    expect(text.some((request) => request.includes('"__proto__"'))).toBe(true);
  });
});
