import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { seededRandom, type Random } from './random.js';

/** One request of the corpus, as the bytes sent on a fresh connection. */
export interface FuzzCase {
  /** Stable id: category, index and seed, so a failure can be replayed. */
  id: string;
  category: Category;
  bytes: Buffer;
  /**
   * `answer`: the server must answer below 500 or close the connection.
   * `abandon`: the client sends part of a request and goes away; only the
   * process's health afterwards is checked.
   */
  mode: 'answer' | 'abandon';
}

export const categories = [
  'framing',
  'encoding',
  'path',
  'header',
  'body',
  'size',
  'unicode',
  'prototype',
] as const;
export type Category = (typeof categories)[number];

export interface CorpusOptions {
  seed: number;
  /** How many cases. */
  count: number;
  /** Routes of the service under test, such as `/example/foo` or `/check/:code`. */
  routes: readonly { method: string; path: string }[];
  /** Headers every well-framed request carries (authorization, say). */
  headers?: Readonly<Record<string, string>>;
}

const METHODS = [
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'HEAD',
  'OPTIONS',
  'TRACE',
  'CONNECT',
  'FOO',
  'get',
];
const JUNK_STRINGS = [
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  '\ud800',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'e\u0301',
  '\u202eevil',
  '　',
  'NaN',
  '-0',
  '1e309',
  '9007199254740993',
  '',
];
const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '__defineGetter__',
];

/** Percent-encodes UTF-8 bytes (a lone surrogate becomes U+FFFD, as on the wire). */
function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9._~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

function crlf(lines: readonly string[], body: Buffer | string = ''): Buffer {
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), Buffer.from(body)]);
}

function concrete(path: string, random: Random): string {
  return path.replace(/:[A-Za-z]+/g, () =>
    random.pick(['x', '123456', '0', 'a%20b', '%E2%82%AC', '..%2F..']),
  );
}

function headerLines(headers: Readonly<Record<string, string>>): string[] {
  return Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
}

function request(
  method: string,
  target: string,
  headers: Readonly<Record<string, string>>,
  body?: Buffer | string,
  extra: readonly string[] = [],
): Buffer {
  const length = body === undefined ? [] : [`Content-Length: ${Buffer.byteLength(body)}`];
  return crlf(
    [
      `${method} ${target} HTTP/1.1`,
      'Host: fuzz.test',
      'Connection: close',
      ...headerLines(headers),
      ...length,
      ...extra,
    ],
    body,
  );
}

function randomJson(random: Random, depth: number): unknown {
  const kind = random.int(depth > 4 ? 4 : 7);
  switch (kind) {
    case 0:
      return random.pick(JUNK_STRINGS);
    case 1:
      return random.pick([0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MIN_VALUE]);
    case 2:
      return random.pick([true, false, null]);
    case 3:
      return 'x'.repeat(random.int(300));
    case 4:
      return Array.from({ length: random.int(5) }, () => randomJson(random, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = random.int(5); i > 0; i -= 1) {
        object[random.pick([...JUNK_STRINGS, 'name', 'email', 'users', 'code', 'account', 'length'])] =
          randomJson(random, depth + 1);
      }
      return object;
    }
  }
}

type Generator = (random: Random, options: CorpusOptions) => Omit<FuzzCase, 'id' | 'category'>;

const generators: Record<Category, Generator> = {
  framing: (random, { routes, headers = {} }) => {
    const route = random.pick(routes);
    const target = concrete(route.path, random);
    const variants: (() => Omit<FuzzCase, 'id' | 'category'>)[] = [
      () => ({
        bytes: Buffer.from(`${route.method} ${target} HTTP/1.1\r\nConnection: close\r\n\r\n`),
        mode: 'answer',
      }),
      () => ({
        bytes: Buffer.from(
          `${random.pick(METHODS)} ${target} HTTP/${random.pick(['0.9', '1.2', '2.0', '9.9', 'x'])}\r\nHost: x\r\n\r\n`,
        ),
        mode: 'answer',
      }),
      () => ({ bytes: Buffer.from(`GARBAGE\r\n\r\n`), mode: 'answer' }),
      () => ({
        bytes: Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]),
        mode: 'answer',
      }),
      () => ({
        bytes: request(route.method, target, headers, undefined, ['Content-Length: 5', 'Content-Length: 7']),
        mode: 'answer',
      }),
      () => ({
        bytes: request(route.method, target, headers, undefined, ['Content-Length: -1']),
        mode: 'answer',
      }),
      () => ({
        bytes: request(route.method, target, headers, undefined, ['Content-Length: 1e3']),
        mode: 'answer',
      }),
      () => ({
        bytes: request(route.method, target, { ...headers, 'content-type': 'application/json' }, undefined, [
          'Transfer-Encoding: chunked',
          'Content-Length: 4',
        ]),
        mode: 'answer',
      }),
      () => ({
        bytes: crlf(
          [
            `POST ${target} HTTP/1.1`,
            'Host: x',
            'Connection: close',
            ...headerLines(headers),
            'Content-Type: application/json',
            'Transfer-Encoding: chunked',
          ],
          random.pick(['zz\r\n{}\r\n0\r\n\r\n', '2\r\n{}\r\n0\r\n\r\ntrailing', '-2\r\n{}\r\n0\r\n\r\n']),
        ),
        mode: 'answer',
      }),
      () => ({
        bytes: request(
          'POST',
          target,
          { ...headers, 'content-type': 'application/json' },
          '{"a":1}'.slice(0, 3),
          ['Content-Length: 50'],
        ),
        mode: 'abandon',
      }),
      () => ({ bytes: Buffer.from(`${route.method} ${target} HTTP/1.1\r\nHost: x\r\n`), mode: 'abandon' }),
      // A chunk that declares more than it sends: the server waits for it, bounded by its request timeout.
      () => ({
        bytes: crlf(
          [
            `POST ${target} HTTP/1.1`,
            'Host: x',
            ...headerLines(headers),
            'Content-Type: application/json',
            'Transfer-Encoding: chunked',
          ],
          'ffffffffffffffff\r\n{}\r\n',
        ),
        mode: 'abandon',
      }),
      () => ({
        bytes: request(route.method, target, headers, undefined, ['Transfer-Encoding: gzip, chunked']),
        mode: 'answer',
      }),
      () => ({
        bytes: Buffer.from(`${route.method} ${target} HTTP/1.1\nHost: x\nConnection: close\n\n`),
        mode: 'answer',
      }),
    ];
    return random.pick(variants)();
  },
  encoding: (random, { routes, headers = {} }) => {
    const route = random.pick(routes);
    const json = Buffer.from(JSON.stringify(randomJson(random, 0)));
    const encodings: [string, Buffer][] = [
      ['gzip', Buffer.from('garbage')],
      ['gzip', gzipSync(json).subarray(0, Math.max(1, random.int(20)))],
      ['gzip', Buffer.concat([gzipSync(json), Buffer.from('trailing')])],
      ['gzip', gzipSync(json)],
      ['deflate', Buffer.from('not deflate')],
      ['deflate', deflateSync(json)],
      ['br', Buffer.from([0xff, 0xff, 0xff])],
      ['br', brotliCompressSync(json)],
      ['x-unknown', json],
      ['gzip, gzip', gzipSync(gzipSync(json))],
      ['identity', json],
      ['GZIP', gzipSync(json)],
      ['compress', json],
    ];
    const [encoding, body] = random.pick(encodings);
    const type = random.pick([
      'application/json',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/vnd.api+json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]);
    return {
      bytes: request(
        route.method === 'GET' ? 'POST' : route.method,
        concrete(route.path, random),
        {
          ...headers,
          'content-type': type,
          'content-encoding': encoding,
        },
        body,
      ),
      mode: 'answer',
    };
  },
  path: (random, { routes, headers = {} }) => {
    const route = random.pick(routes);
    const base = concrete(route.path, random);
    const target = random.pick([
      `${base}/../../etc/passwd`,
      `/%2e%2e/%2e%2e/etc/passwd`,
      `${base}%00.json`,
      `${base}%zz`,
      `${base}%`,
      `//${base}`,
      `${base}?${'a=1&'.repeat(random.int(500))}`,
      `${base}?__proto__[x]=1&constructor[prototype][y]=2`,
      `${base}?length=-1&length=2&length[]=3`,
      `${base};jsessionid=1`,
      `http://evil.test${base}`,
      `*`,
      `${base}#fragment`,
      `/${'a/'.repeat(random.int(2000))}`,
      `${base}/${percentEncode(random.pick(JUNK_STRINGS))}`,
      `/.env`,
      `/node_modules/.package-lock.json`,
      `/../package.json`,
      `/assets/..%2f..%2fpackage.json`,
    ]);
    return {
      bytes: request(random.pick([route.method, 'GET', 'POST', 'DELETE']), target, headers),
      mode: 'answer',
    };
  },
  header: (random, { routes, headers = {} }) => {
    const route = random.pick(routes);
    const target = concrete(route.path, random);
    const junk = random.pick(JUNK_STRINGS).replace(/[\r\n]/g, '');
    const extra = random.pick([
      [`Authorization: Bearer ${junk}`],
      ['Authorization: Bearer'],
      [`Authorization: Basic ${Buffer.from('a:b').toString('base64')}`],
      [`Authorization: Bearer ${'x'.repeat(random.int(8000))}`],
      [
        `X-Forwarded-For: ${random.pick(['foo', 'x'.repeat(4000), '1.2.3.4, bar', '999.1.1.1', '::ffff:1.2.3.4'])}`,
      ],
      [`X-Forwarded-Proto: javascript`, `X-Forwarded-Host: evil.test`],
      [`X-Request-Id: ${random.pick(['x'.repeat(5000), '\u0001', 'a b', '../../'])}`],
      ['Accept: */*;q=abc', 'Accept-Language: ;;;'],
      ['Accept: text/html;q=0, application/json;q=0'],
      ['Range: bytes=99999999-'],
      ['Range: bytes=5-1, 1-2, -0'],
      ['If-Match: "nope"'],
      ['If-None-Match: *'],
      ['If-Unmodified-Since: Mon, 01 Jan 1990 00:00:00 GMT'],
      ['If-Modified-Since: not a date'],
      ['Expect: 100-continue'],
      ['Expect: nonsense'],
      ['Cookie: a=%ZZ; __proto__=1'],
      [`Content-Type: ${'a'.repeat(3000)}/json`],
      ['Content-Type: application/json; charset="'],
      ['Upgrade: websocket', 'Connection: Upgrade'],
      ['Origin: null', 'Sec-Fetch-Site: cross-site'],
      Array.from({ length: 100 }, (_, index) => `X-Many-${index}: ${index}`),
      [`X-Big: ${'y'.repeat(20_000)}`],
      ['Bad Header Name: 1'],
      ['X-Obs-Fold: a', ' folded'],
    ]);
    return { bytes: request(route.method, target, headers, undefined, extra), mode: 'answer' };
  },
  body: (random, { routes, headers = {} }) => {
    const route = random.pick(routes);
    const depth = random.pick([10, 100, 1000, 5000]);
    const body = random.pick([
      () => '['.repeat(depth) + ']'.repeat(depth),
      () => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
      () => JSON.stringify(randomJson(random, 0)),
      () => '{"a":1,}',
      () => "{'a':1}",
      () => '{"a":1}{"b":2}',
      () => '\ufeff{"a":1}',
      () => 'null',
      () => '"string"',
      () => '12345678901234567890',
      () => '{"a":"\\ud800"}',
      () => '{"a":"\\u0000"}',
      () => Buffer.from([0xc3, 0x28, 0xa0, 0xa1]).toString('latin1'),
      () => '',
      () => JSON.stringify({ name: random.pick(JUNK_STRINGS), email: random.pick(JUNK_STRINGS) }),
    ])();
    return {
      bytes: request(
        route.method === 'GET' ? 'POST' : route.method,
        concrete(route.path, random),
        {
          ...headers,
          'content-type': 'application/json',
        },
        body,
      ),
      mode: 'answer',
    };
  },
  size: (random, { routes, headers = {} }) => {
    const route = random.pick(routes);
    const declared = random.pick([10_000_000, 2 ** 53, 1_000_000_000_000]);
    const variants: (() => Omit<FuzzCase, 'id' | 'category'>)[] = [
      () => ({
        bytes: request('POST', route.path, { ...headers, 'content-type': 'application/json' }, undefined, [
          `Content-Length: ${declared}`,
        ]),
        mode: 'answer',
      }),
      () => ({
        bytes: request(
          'POST',
          route.path,
          { ...headers, 'content-type': 'application/json' },
          JSON.stringify({ name: 'x'.repeat(200_000 + random.int(100_000)) }),
        ),
        mode: 'answer',
      }),
      () => ({
        bytes: request(
          'POST',
          route.path,
          { ...headers, 'content-type': 'application/json' },
          JSON.stringify(Array.from({ length: 20_000 }, (_, index) => index)),
        ),
        mode: 'answer',
      }),
    ];
    return random.pick(variants)();
  },
  unicode: (random, { routes, headers = {} }) => {
    const route = random.pick(routes);
    const text = random.pick([
      '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
      'é',
      'Ω≈ç√',
      '\u202e',
      '\u0000',
      '\uffff',
      '日本語',
      '🙂'.repeat(random.int(100)),
    ]);
    const target = route.path.replace(/:[A-Za-z]+/g, percentEncode(text));
    const raw = Buffer.from(
      `${route.method} ${route.path.replace(/:[A-Za-z]+/g, text)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      'utf8',
    );
    return random.pick([
      {
        bytes: request(route.method, target, { ...headers, 'x-text': percentEncode(text) }),
        mode: 'answer' as const,
      },
      { bytes: raw, mode: 'answer' as const },
      {
        bytes: request(
          'POST',
          route.path,
          { ...headers, 'content-type': 'application/json' },
          JSON.stringify({ name: text, email: `${text}@example.com` }),
        ),
        mode: 'answer' as const,
      },
    ]);
  },
  prototype: (random, { routes, headers = {} }) => {
    const route = random.pick(routes);
    const key = random.pick(PROTOTYPE_KEYS);
    const body = random.pick([
      `{"${key}":{"polluted":true}}`,
      `{"name":"x","${key}":{"isAdmin":true}}`,
      `{"users":[{"${key}":{"x":1}}]}`,
      `{"constructor":{"prototype":{"polluted":true}}}`,
      `[{"${key}":null}]`,
    ]);
    return {
      bytes: request(
        'POST',
        concrete(route.path, random),
        { ...headers, 'content-type': 'application/json' },
        body,
      ),
      mode: 'answer',
    };
  },
};

/** A deterministic corpus: the same options give the same bytes. */
export function malformedRequests(options: CorpusOptions): FuzzCase[] {
  const random = seededRandom(options.seed);
  return Array.from({ length: options.count }, (_, index) => {
    const category = categories[index % categories.length]!;
    return { id: `${category}#${index}@${options.seed}`, category, ...generators[category](random, options) };
  });
}
