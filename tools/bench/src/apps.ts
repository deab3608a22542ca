import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { freePort } from './servers.js';
import type { LoadRequest } from './wrk.js';

/** What the apps run against in one benchmark run: a private Redis and an already-migrated database. */
export interface Backing {
  redisUrl: string;
  databaseUrl: string;
  bearer: string;
}

export interface AppDefinition {
  name: 'db-api' | 'counter' | 'totp' | 'grpc-backend';
  /** The app's folder, relative to the repository root. */
  dir: string;
  /** Settings for `node dist/main.js` listening for HTTP on `port`. */
  env(backing: Backing, port: number, webConcurrency: number): Promise<Record<string, string>>;
  /** The request the memory step loads it with. */
  load(backing: Backing, url: string): LoadRequest & { label: string };
}

const seedSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const bearerHeader = (backing: Backing) => ({ Authorization: `Bearer ${backing.bearer}` });

export const apps: readonly AppDefinition[] = [
  {
    name: 'db-api',
    dir: 'apps/db-api',
    env: async (backing, port, webConcurrency) => ({
      PORT: String(port),
      BEARER: backing.bearer,
      DATABASE_URL: backing.databaseUrl,
      DB_POOL_MAX: String(Math.ceil(10 / webConcurrency)),
      // The database is migrated once by the runner; start-up is measured without migrations.
      MIGRATE_ON_START: 'false',
      WEB_CONCURRENCY: String(webConcurrency),
      LOG_LEVEL: 'info',
    }),
    load: (backing, url) => ({
      label: 'POST /example/foo',
      url: `${url}/example/foo`,
      method: 'POST',
      body: JSON.stringify({ name: 'Gonzalo', email: 'gonzalo@example.com' }),
      headers: { ...bearerHeader(backing), 'Content-Type': 'application/json' },
    }),
  },
  {
    name: 'counter',
    dir: 'apps/counter',
    env: async (backing, port, webConcurrency) => ({
      PORT: String(port),
      REDIS_URL: backing.redisUrl,
      COUNTER_NAMESPACE: 'bench',
      WEB_CONCURRENCY: String(webConcurrency),
      LOG_LEVEL: 'info',
    }),
    load: (_backing, url) => ({ label: 'GET /', url: `${url}/` }),
  },
  {
    name: 'totp',
    dir: 'apps/totp',
    env: async (backing, port, webConcurrency) => ({
      HOST: '127.0.0.1',
      PORT: String(port),
      ENVIRONMENT: 'bench',
      LOG_LEVEL: 'info',
      REDIS_URL: backing.redisUrl,
      BEARER: backing.bearer,
      TOTP_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      TOTP_BASE32_SECRET: seedSecret,
      TOTP_REDIS_PREFIX: 'totp:bench:',
      // One code repeated: lift the limits so every request runs the whole check, as the app's bench does.
      TOTP_THROTTLE_ACCOUNT_FAILURES: '1000000',
      TOTP_THROTTLE_ADDRESS_FAILURES: '1000000',
      WEB_CONCURRENCY: String(webConcurrency),
    }),
    load: (backing, url) => ({
      label: 'GET /check/:key',
      url: `${url}/check/123456`,
      headers: bearerHeader(backing),
    }),
  },
  {
    name: 'grpc-backend',
    dir: 'apps/grpc-backend',
    env: async (backing, port) => ({
      HOST: '127.0.0.1',
      PORT: String(port),
      BACKEND_PORT: String(await freePort()),
      BEARER: backing.bearer,
      MAX_LENGTH: '100000',
      LOG_LEVEL: 'info',
    }),
    load: (backing, url) => ({
      label: 'GET /api/items?length=1000 (REST twin)',
      url: `${url}/api/items?length=1000`,
      headers: bearerHeader(backing),
    }),
  },
];

export const mainOf = (root: string, app: AppDefinition): string =>
  path.join(root, app.dir, 'dist', 'main.js');
