// The local dependencies of the apps `npm start` runs: where each app will look for Redis and
// PostgreSQL (its env/local/.env, the real environment winning), whether anything answers there,
// and, for a local Redis address with nothing behind it, a private redis-server when one is
// installed. Nothing is ever started for an address that is not on this machine.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { parseEnv } from 'node:util';

const LOCAL_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** True for loopback addresses and names: the only ones the launcher may provide. */
export function isLocalHost(host) {
  const bare = host.replace(/^\[|\]$/g, '');
  return LOCAL_HOSTS.has(bare) || /^127(?:\.\d{1,3}){3}$/.test(bare);
}

/** The settings an app starts with: its env/local/.env, then the real environment on top. */
function appSettings(appDir, env) {
  const file = path.join(appDir, 'env', env.ENVIRONMENT || 'local', '.env');
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return {
    ...fromFile,
    ...Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined)),
  };
}

/** Where an app's Redis is, as @platform/redis reads it: REDIS_URL, else REDIS_HOST/REDIS_PORT. */
function redisAddress(settings) {
  if (settings.REDIS_URL) {
    try {
      const url = new URL(settings.REDIS_URL);
      return {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: Number(url.port || 6379),
        password: decodeURIComponent(url.password) || undefined,
      };
    } catch {
      return undefined;
    }
  }
  return {
    host: settings.REDIS_HOST || '127.0.0.1',
    port: Number(settings.REDIS_PORT || 6379),
    password: settings.REDIS_PASSWORD || undefined,
  };
}

/** Where db-api's database is when one is configured; undefined for its embedded database. */
function postgresAddress(settings) {
  if (settings.DATABASE_URL) {
    try {
      const url = new URL(settings.DATABASE_URL);
      return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 5432) };
    } catch {
      return undefined;
    }
  }
  if (settings.PGHOST && !settings.PGHOST.startsWith('/')) {
    return { host: settings.PGHOST, port: Number(settings.PGPORT || 5432) };
  }
  return undefined;
}

/**
 * The dependencies of the given apps, one entry per address: `{ kind, host, port, password?, apps }`.
 * An app needs Redis when it depends on @platform/redis, and PostgreSQL when it depends on
 * @platform/db and names a server.
 */
export function dependenciesOf(apps, env) {
  const found = new Map();
  for (const app of apps) {
    const dependencies = app.manifest.dependencies ?? {};
    const settings = appSettings(app.dir, env);
    const wanted = [];
    if (dependencies['@platform/redis']) wanted.push(['Redis', redisAddress(settings)]);
    if (dependencies['@platform/db']) wanted.push(['PostgreSQL', postgresAddress(settings)]);
    for (const [kind, address] of wanted) {
      if (!address) continue;
      const key = `${kind} ${address.host}:${address.port}`;
      const entry = found.get(key) ?? { kind, ...address, apps: [] };
      entry.apps.push(app.project);
      found.set(key, entry);
    }
  }
  return [...found.values()];
}

/** True when something accepts a TCP connection at host:port within `timeoutMs`. */
export function answers(host, port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The first executable called `name` on `searchPath` (a PATH value), or undefined. */
export function findExecutable(name, searchPath = '') {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

const remedies = {
  Redis:
    'install Redis (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis; ' +
    'a container: docker run -d -p 6379:6379 redis:7) and run npm start again, or set REDIS_URL',
  PostgreSQL:
    'start PostgreSQL there (Debian/Ubuntu: sudo apt-get install postgresql), set DATABASE_URL to a server ' +
    'that runs, or unset DATABASE_URL and PGHOST to run db-api on its embedded database',
};

const uses = (dependency) =>
  `${dependency.apps.join(' and ')} ${dependency.apps.length > 1 ? 'need' : 'needs'} ${dependency.kind}`;

/** Starts a private redis-server on a local address: no persistence, files under `dir`. */
async function startRedis(binary, dependency, dir) {
  mkdirSync(dir, { recursive: true });
  const args = [
    '--port',
    String(dependency.port),
    '--bind',
    dependency.host === 'localhost' ? '127.0.0.1' : dependency.host,
  ];
  args.push('--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--logfile', '');
  if (dependency.password) args.push('--requirepass', dependency.password);
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
  const host = dependency.host === 'localhost' ? '127.0.0.1' : dependency.host;
  for (let attempt = 0; attempt < 40; attempt += 1) {
    if (child.exitCode !== null) break;
    if (await answers(host, dependency.port, 250)) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(
    `redis-server did not start on ${host}:${dependency.port}: ${stderr.trim() || 'no answer'}`,
  );
}

/**
 * Checks every dependency; starts a private Redis for a local address with nothing behind it when
 * redis-server is on PATH. Resolves to `{ lines, problems, children }`: one line per thing done
 * or missing (for the output and the summary), the dependencies still missing, and the processes
 * started (to stop with the platform).
 */
export async function provideDependencies(dependencies, { env, dataDir }) {
  const lines = [];
  const problems = [];
  const children = [];
  for (const dependency of dependencies) {
    const where = `${dependency.host}:${dependency.port}`;
    // Another machine's address is the deployment's business: not probed, never started here
    // (the summary's readiness column shows whether the apps reach it).
    if (!isLocalHost(dependency.host)) continue;
    if (await answers(dependency.host, dependency.port)) continue;
    const binary = dependency.kind === 'Redis' ? findExecutable('redis-server', env.PATH) : undefined;
    if (binary) {
      try {
        children.push(await startRedis(binary, dependency, path.join(dataDir, `redis-${dependency.port}`)));
        lines.push(
          `Redis: nothing answered at ${where}, so a private redis-server runs there for ${dependency.apps.join(' and ')} ` +
            `(no persistence, files in ${path.join(path.basename(dataDir), `redis-${dependency.port}`)}, stopped with the platform)`,
        );
        continue;
      } catch (error) {
        const line = `Redis: ${error.message}; ${uses(dependency)}`;
        lines.push(line);
        problems.push(line);
        continue;
      }
    }
    const missing =
      dependency.kind === 'Redis'
        ? `nothing answers at ${where} and no redis-server is installed`
        : `nothing answers at ${where}`;
    const line = `${dependency.kind}: ${missing}; ${uses(dependency)}: ${remedies[dependency.kind]}`;
    lines.push(line);
    problems.push(line);
  }
  return { lines, problems, children };
}

/** A service's readiness as one phrase: `ready`, `not ready: waiting for redis (down)`, or why not known. */
export async function readinessOf(url, timeoutMs = 1_500) {
  try {
    const response = await fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(timeoutMs) });
    if (response.status === 404) return 'up';
    const report = await response.json().catch(() => ({}));
    if (response.ok) return 'ready';
    if (report.draining) return 'not ready: draining';
    const waiting = Object.entries(report.checks ?? {})
      .filter(([, state]) => state !== 'ok')
      .map(([name, state]) => `${name} (${state})`);
    return `not ready: ${waiting.length > 0 ? `waiting for ${waiting.join(', ')}` : `answered ${response.status}`}`;
  } catch {
    return 'not answering';
  }
}
