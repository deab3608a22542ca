import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { malformedRequests, type FuzzCase } from '../src/malformed-requests.js';
import { keepFindings, regressionCases } from '../src/regressions.js';
import { runCorpus, type Finding } from '../src/run-corpus.js';
import { bodiesFor, type JsonSchema } from '../src/schema-bodies.js';
import { startAppProcess, type AppProcess } from '@platform/http/testing';

const appDir = (app: string): string => path.resolve(import.meta.dirname, '../../../apps', app);

// Deterministic: a failure names its case id, and the same seed sends the same bytes again.
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261130);
const COUNT = Number(process.env['FUZZ_COUNT'] ?? 2000);
const TOKEN = randomBytes(24).toString('base64url');
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const ADMIN_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const auth = { authorization: `Bearer ${TOKEN}` };
const PATH = process.env['PATH'] ?? '';

type Route = { method: string; path: string };

/** Runs the corpus (kept regressions first), keeps new findings when asked, and checks the process survived. */
async function fuzz(service: string, running: AppProcess, cases: FuzzCase[]): Promise<Finding[]> {
  const findings = await runCorpus([...regressionCases(service), ...cases], { port: running.port });
  if (findings.length > 0 && process.env['FUZZ_RECORD'] === '1') keepFindings(service, findings);
  expect(running.alive(), running.output()).toBe(true);
  const health = await fetch(`${running.url}/healthz`);
  expect(health.status).toBe(200);
  return findings;
}

const report = (findings: readonly Finding[]): string[] =>
  findings.slice(0, 20).map((finding) => `${finding.id}: ${finding.problem}`);

async function jsonBodies(
  running: AppProcess,
  routes: readonly { path: string; schema: JsonSchema }[],
  definitions: Record<string, JsonSchema>,
  perRoute: number,
): Promise<FuzzCase[]> {
  return routes.flatMap(({ path, schema }, index) =>
    bodiesFor(schema, definitions, { seed: SEED + index, count: perRoute }).map((body, n) => {
      const json = JSON.stringify(body) ?? 'null';
      const head = [
        `POST ${path} HTTP/1.1`,
        'Host: fuzz.test',
        'Connection: close',
        `Authorization: Bearer ${TOKEN}`,
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(json)}`,
      ];
      return {
        id: `schema:${path}#${n}@${SEED + index}`,
        category: 'body' as const,
        mode: 'answer' as const,
        bytes: Buffer.from(`${head.join('\r\n')}\r\n\r\n${json}`),
      };
    }),
  );
}

describe('db-api under malformed requests and schema-derived bodies', () => {
  const database = `fuzz_${process.pid}_${Date.now()}`;
  let running: AppProcess;
  const admin = new pg.Client({ connectionString: ADMIN_URL });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    running = await startAppProcess(appDir('db-api'), {
      PATH,
      DATABASE_URL: url.toString(),
      BEARER: TOKEN,
      MIGRATE_ON_START: 'true',
      BODY_LIMIT: '64kb',
    });
  });
  afterAll(async () => {
    await running?.stop();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  });

  it('never answers 5xx, leaks or hangs, and stays up', async () => {
    const openapi = (await (await fetch(`${running.url}/openapi.json`)).json()) as {
      paths: Record<
        string,
        { post?: { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } } }
      >;
      components?: { schemas?: Record<string, JsonSchema> };
    };
    const actions = Object.entries(openapi.paths).map(([path, item]) => ({
      path,
      schema: item.post?.requestBody?.content?.['application/json']?.schema ?? {},
    }));
    expect(actions.length).toBeGreaterThan(3);
    const routes: Route[] = actions.map(({ path }) => ({ method: 'POST', path }));
    const cases = [
      ...malformedRequests({ seed: SEED, count: COUNT, routes, headers: auth }),
      ...malformedRequests({ seed: SEED + 1, count: COUNT / 4, routes }),
      ...(await jsonBodies(running, actions, openapi.components?.schemas ?? {}, 60)),
    ];
    expect(report(await fuzz('db-api', running, cases))).toEqual([]);
  });
});

describe('totp under malformed requests', () => {
  let running: AppProcess;
  beforeAll(async () => {
    running = await startAppProcess(appDir('totp'), {
      PATH,
      REDIS_URL,
      TOTP_REDIS_PREFIX: `fuzz:${process.pid}:`,
      TOTP_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      BEARER: TOKEN,
      TOTP_ENROLLMENT_PAGE: 'true',
      TOTP_BROWSER_CLIENT: 'true',
      TOTP_CLIENT_ACCOUNT: 'fuzz@localhost',
    });
  });
  afterAll(() => running?.stop());

  it('never answers 5xx, leaks or hangs, and stays up', async () => {
    const routes: Route[] = [
      { method: 'GET', path: '/' },
      { method: 'GET', path: '/provisioning' },
      { method: 'GET', path: '/check/:key' },
      { method: 'POST', path: '/client/verify' },
      { method: 'GET', path: '/assets/app.js' },
      { method: 'POST', path: '/accounts' },
      { method: 'GET', path: '/accounts/:account' },
      { method: 'POST', path: '/accounts/:account/verify' },
      { method: 'POST', path: '/accounts/:account/confirm' },
      { method: 'POST', path: '/accounts/:account/recovery' },
      { method: 'GET', path: '/accounts/:account/recovery' },
      { method: 'POST', path: '/accounts/:account/recovery/regenerate' },
      { method: 'GET', path: '/client/recovery' },
      { method: 'POST', path: '/client/recovery' },
      { method: 'POST', path: '/client/recovery/regenerate' },
      { method: 'DELETE', path: '/accounts/:account' },
    ];
    const cases = [
      ...malformedRequests({ seed: SEED, count: COUNT, routes, headers: auth }),
      ...malformedRequests({ seed: SEED + 1, count: COUNT / 4, routes }),
    ];
    expect(report(await fuzz('totp', running, cases))).toEqual([]);
  });
});

describe('counter under malformed requests', () => {
  let running: AppProcess;
  beforeAll(async () => {
    running = await startAppProcess(appDir('counter'), {
      PATH,
      REDIS_URL,
      COUNTER_NAMESPACE: `fuzz-${process.pid}`,
    });
  });
  afterAll(() => running?.stop());

  it('never answers 5xx, leaks or hangs, and stays up', async () => {
    const routes: Route[] = [
      { method: 'GET', path: '/' },
      { method: 'POST', path: '/' },
    ];
    expect(
      report(await fuzz('counter', running, malformedRequests({ seed: SEED, count: COUNT, routes }))),
    ).toEqual([]);
  });
});

describe('the gRPC pair under malformed requests', () => {
  let backend: AppProcess;
  let frontend: AppProcess;
  beforeAll(async () => {
    backend = await startAppProcess(appDir('grpc-backend'), { PATH, BACKEND_PORT: '0', BEARER: TOKEN });
    const grpc = new URL(
      backend.urls.find((url) => url.startsWith('grpc://'))!.replace('grpc://', 'http://'),
    );
    frontend = await startAppProcess(appDir('grpc-frontend'), {
      PATH,
      BACKEND_HOST: grpc.hostname,
      BACKEND_PORT: grpc.port,
      BACKEND_TOKEN: TOKEN,
    });
  });
  afterAll(async () => {
    await frontend?.stop();
    await backend?.stop();
  });

  it('grpc-backend HTTP port: never answers 5xx, leaks or hangs, and stays up', async () => {
    const routes: Route[] = [
      { method: 'GET', path: '/api/items' },
      { method: 'GET', path: '/api/items?length=5' },
    ];
    const cases = [
      ...malformedRequests({ seed: SEED, count: COUNT, routes, headers: auth }),
      ...malformedRequests({ seed: SEED + 1, count: COUNT / 4, routes }),
    ];
    expect(report(await fuzz('grpc-backend', backend, cases))).toEqual([]);
  });

  it('grpc-frontend: never answers 5xx, leaks or hangs, and stays up', async () => {
    const routes: Route[] = [{ method: 'GET', path: '/' }];
    expect(
      report(await fuzz('grpc-frontend', frontend, malformedRequests({ seed: SEED, count: COUNT, routes }))),
    ).toEqual([]);
  });
});
