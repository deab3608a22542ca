// Builds the app for tests: real Redis under a key prefix of its own, port 0, captured logs.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@platform/logging';
import { listen, type Listening } from '@platform/http';
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

export interface CapturedLogs {
  logger: Logger;
  lines: () => Record<string, unknown>[];
  text: () => string;
}

export function captureLogs(): CapturedLogs {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const logger = createLogger({ app: 'totp', environment: 'test', level: 'debug' }, { destination });
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, text };
}

export function uniquePrefix(name: string): string {
  return `totp:test:${name}:${randomBytes(4).toString('hex')}:`;
}

/** A client configured as in production (fail fast, auto-pipelining), once connected. */
export async function connectRedis(url = redisUrl): Promise<Redis> {
  const redis = createRedisClient({ url, options: { commandTimeout: 2_000 }, logger: captureLogs().logger });
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
  logs: CapturedLogs;
  listening: Listening;
  close: () => Promise<void>;
}

/** The app on 127.0.0.1:0 with its own Redis client (so two of them behave like two replicas). */
export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const { prefix, parameters = defaultOtpParameters, throttle, clock, provisioning, browserClient } = options;
  const redis = options.redis ?? (await connectRedis());
  const logs = captureLogs();
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
  const listening = await listen({ handler: app, port: 0, host: '127.0.0.1' });
  const { port } = listening.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    redis,
    services,
    seed,
    logs,
    listening,
    close: async () => {
      await listening.close(1_000);
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
