// Builds the app for tests: real Redis under a key prefix of its own, port 0, captured logs.
import { randomBytes } from 'node:crypto';
import { captureLogger, type CapturedLogger } from '@platform/logging/testing';
import { startServer, type TestServer } from '@platform/http/testing';
import { createRedisClient, waitUntilReady, type Redis } from '@platform/redis';
import { createApp, type TotpAppDeps } from '../../src/app.js';
import { composeServices, type TotpServices } from '../../src/compose.js';
import { seedSubject, type SeedSubject } from '../../src/http/seed-subject.js';
import { defaultOtpParameters, type OtpParameters } from '../../src/otp/otp-parameters.js';
import type { ThrottlePolicy } from '../../src/store/attempt-ledger.js';

export const redisUrl = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const bearer = 'test-bearer-token-0123456789';
export const encryptionKey = 'a1'.repeat(32);

/** RFC 6238's SHA-1 test secret, as the seed-compatible secret. */
export const seedSecret = new TextEncoder().encode('12345678901234567890');

export function uniquePrefix(name: string): string {
  return `totp:test:${name}:${randomBytes(4).toString('hex')}:`;
}

/** A client configured as in production (fail fast, auto-pipelining), once connected. */
export async function connectRedis(url = redisUrl): Promise<Redis> {
  const redis = createRedisClient({
    url,
    options: { commandTimeout: 2_000 },
    logger: captureLogger({ app: 'totp' }).logger,
  });
  if (!(await waitUntilReady(redis, 5_000))) throw new Error(`Redis at ${url} is not ready`);
  return redis;
}

/** Deletes every key under the prefix (SCAN + DEL; never FLUSHDB). */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  const stream = redis.scanStream({ match: `${prefix}*`, count: 500 });
  for await (const keys of stream as AsyncIterable<string[]>) if (keys.length > 0) await redis.del(...keys);
}

export interface TestAppOptions {
  prefix: string;
  redis?: Redis;
  seed?: boolean;
  parameters?: OtpParameters;
  throttle?: Partial<ThrottlePolicy>;
  clock?: () => number;
  provisioning?: TotpAppDeps['provisioning'];
  browserClient?: 'seed' | { account: string };
  previousEncryptionKeys?: readonly string[];
  key?: string;
}

export interface TestApp {
  url: string;
  redis: Redis;
  services: TotpServices;
  seed: SeedSubject;
  logs: CapturedLogger;
  server: TestServer;
  close: () => Promise<void>;
}

/** The app on 127.0.0.1:0 with its own Redis client (so two of them behave like two replicas). */
export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const { prefix, parameters = defaultOtpParameters, throttle, clock, provisioning, browserClient } = options;
  const redis = options.redis ?? (await connectRedis());
  const logs = captureLogger({ app: 'totp' });
  const services = composeServices({
    redis,
    logger: logs.logger,
    prefix,
    encryptionKey: options.key ?? encryptionKey,
    previousEncryptionKeys: options.previousEncryptionKeys ?? [],
    issuer: 'TOTP Example',
    ...(throttle ? { throttle } : {}),
    ...(clock ? { clock } : {}),
  });
  const seed = seedSubject({
    secret: seedSecret,
    parameters,
    issuer: 'TOTP Example',
    account: 'seed@example.com',
  });
  const app = createApp({
    logger: logs.logger,
    bearerTokens: [bearer],
    verifier: services.verifier,
    accounts: services.accounts,
    recovery: services.recovery,
    defaults: parameters,
    issuer: 'TOTP Example',
    seed: options.seed === false ? undefined : seed,
    ...(provisioning ? { provisioning } : {}),
    browserClient:
      browserClient === 'seed'
        ? { kind: 'seed', seed }
        : browserClient
          ? { kind: 'account', account: browserClient.account }
          : undefined,
  });
  const server = await startServer(app);
  return {
    url: server.url,
    redis,
    services,
    seed,
    logs,
    server,
    close: async () => {
      await server.close();
      if (!options.redis) redis.disconnect();
    },
  };
}

export function authHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${bearer}`, ...extra };
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = authHeaders(),
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}
