/** What a redis:// or rediss:// URL says about the connection. */
export interface RedisUrl {
  host: string;
  port: number;
  tls: boolean;
  username?: string;
  password?: string;
  db?: number;
}

export type RedisUrlResult = { ok: true; value: RedisUrl } | { ok: false; problem: string };

const DEFAULT_PORT = 6379;

function decoded(part: string): string | undefined {
  return part === '' ? undefined : decodeURIComponent(part);
}

/**
 * Parses `redis[s]://[[user]:password@]host[:port][/db]`. Problems never quote
 * the URL, which may carry a password.
 */
export function parseRedisUrl(text: string): RedisUrlResult {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: 'must be a URL such as redis://host:6379/0' };
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    return { ok: false, problem: 'must start with redis:// or rediss:// (TLS)' };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') return { ok: false, problem: 'must name a host, as redis://host:6379' };

  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d{1,5}$/.test(path)) {
    return { ok: false, problem: 'must give the database as a number in the path, as redis://host:6379/0' };
  }
  let username: string | undefined;
  let password: string | undefined;
  try {
    username = decoded(url.username);
    password = decoded(url.password);
  } catch {
    return { ok: false, problem: 'has a user or password that is not valid percent-encoding' };
  }
  return {
    ok: true,
    value: {
      host,
      port: url.port === '' ? DEFAULT_PORT : Number(url.port),
      tls: url.protocol === 'rediss:',
      ...(username === undefined ? {} : { username }),
      ...(password === undefined ? {} : { password }),
      ...(path === '' ? {} : { db: Number(path) }),
    },
  };
}
