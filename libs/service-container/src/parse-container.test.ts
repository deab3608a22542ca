import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerConfigError, loadContainer, parseContainer } from './index.js';
import { captureLogger } from '@platform/logging/testing';

let dir: string;
const { logger } = captureLogger();

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'service-container-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The ContainerConfigError thrown by `attempt`. */
async function configError(attempt: () => unknown): Promise<ContainerConfigError> {
  try {
    await attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(ContainerConfigError);
    return error as ContainerConfigError;
  }
  throw new Error('expected a ContainerConfigError');
}

describe('loadContainer', () => {
  it('loads every service of a valid file with defaults applied', async () => {
    const file = write(
      'valid.yml',
      [
        'expressServer:',
        '  baseUrl: http://127.0.0.1:8051',
        '  tags: [hello]',
        'httpServer:',
        '  baseUrl: http://127.0.0.1:8052/api/',
        '  timeout: { connect: 500, request: 3000 }',
        '  retry: { limit: 0 }',
        '  headers: { x-client: demo }',
        '  breaker: { enabled: false }',
        '  health: { path: /readyz }',
      ].join('\n'),
    );
    const container = await loadContainer(file, { env: {}, logger });
    expect(container.names()).toEqual(['expressServer', 'httpServer']);
    expect(container.options('expressServer')).toMatchObject({
      baseUrl: 'http://127.0.0.1:8051/',
      timeout: { connect: 2_000, request: 10_000 },
      retry: { limit: 2, methods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'] },
      breaker: { enabled: true, errorThresholdPercentage: 50 },
      health: { path: '/healthz' },
      tags: ['hello'],
    });
    expect(container.options('httpServer')).toMatchObject({
      baseUrl: 'http://127.0.0.1:8052/api/',
      timeout: { connect: 500, request: 3_000 },
      retry: { limit: 0 },
      headers: { 'x-client': 'demo' },
      breaker: { enabled: false },
      health: { path: '/readyz' },
    });
    expect(Object.isFrozen(container.options('httpServer').timeout)).toBe(true);
  });

  it('applies the resilience defaults and reads them from text, as variables give them', async () => {
    const file = write(
      'resilience.yml',
      [
        'plain:',
        '  baseUrl: http://127.0.0.1:8051',
        'tuned:',
        '  baseUrl: http://127.0.0.1:8052',
        '  deadlineMs: "${DEADLINE_MS}"',
        '  retry: { minAttemptMs: 20, budget: { percent: 20, windowMs: 5000, minPerSecond: 0 } }',
        '  bulkhead: { maxConcurrent: 8, maxQueue: 0, queueTimeoutMs: 250 }',
        '  hedge: { enabled: "true", delayMs: 40 }',
      ].join('\n'),
    );
    const container = await loadContainer(file, { env: { DEADLINE_MS: '1500' }, logger });
    const plain = container.options('plain');
    expect(plain.deadlineMs).toBeUndefined();
    expect(plain).toMatchObject({
      retry: { minAttemptMs: 50, budget: { percent: 10, windowMs: 10_000, minPerSecond: 1 } },
      bulkhead: { maxConcurrent: 100, maxQueue: 100, queueTimeoutMs: 5_000 },
      hedge: { enabled: false, percentile: 95 },
    });
    expect(container.options('tuned')).toMatchObject({
      deadlineMs: 1_500,
      retry: { minAttemptMs: 20, budget: { percent: 20, windowMs: 5_000, minPerSecond: 0 } },
      bulkhead: { maxConcurrent: 8, maxQueue: 0, queueTimeoutMs: 250 },
      hedge: { enabled: true, delayMs: 40, percentile: 95 },
    });
  });

  it('interpolates ${VAR} and ${VAR:-default} from the env passed in, numbers included', async () => {
    const file = write(
      'interpolated.yml',
      [
        'x-defaults: &defaults',
        '  timeout: { request: "${TIMEOUT_MS:-1500}" }',
        'koaServer:',
        '  <<: *defaults',
        '  baseUrl: http://${HELLO_HOST:-127.0.0.1}:${KOA_PORT}',
        '  headers:',
        '    authorization: Bearer ${BEARER}',
        '  breaker: { enabled: "${BREAKER:-false}" }',
      ].join('\n'),
    );
    const container = await loadContainer(file, {
      env: { KOA_PORT: '8053', BEARER: 'token-1', TIMEOUT_MS: '' },
      logger,
    });
    expect(container.options('koaServer')).toMatchObject({
      baseUrl: 'http://127.0.0.1:8053/',
      headers: { authorization: 'Bearer token-1' },
      timeout: { request: 1_500 },
      breaker: { enabled: false },
    });
  });

  it('fails naming the file when it does not exist', async () => {
    const file = path.join(dir, 'absent.yml');
    const error = await configError(() => loadContainer(file, { env: {}, logger }));
    expect(error.code).toBe('CONTAINER_FILE_MISSING');
    expect(error.message).toBe(`Container file ${file}: does not exist`);
  });

  it('fails naming the file when it is a directory', async () => {
    const folder = path.join(dir, 'folder.yml');
    mkdirSync(folder, { recursive: true });
    const error = await configError(() => loadContainer(folder, { env: {}, logger }));
    expect(error.code).toBe('CONTAINER_FILE_UNREADABLE');
  });

  it('fails with the line and column when the file is not YAML', async () => {
    const file = write('broken.yml', 'expressServer:\n  baseUrl: "http://x\n  other: [1, 2\n');
    const error = await configError(() => loadContainer(file, { env: {}, logger }));
    expect(error.code).toBe('CONTAINER_FILE_NOT_YAML');
    expect(error.message).toMatch(
      new RegExp(`^Container file ${file}: is not valid YAML at line \\d+, column \\d+`),
    );
  });

  it('refuses duplicate keys as invalid YAML', async () => {
    const file = write('duplicate.yml', 'a:\n  baseUrl: http://x\na:\n  baseUrl: http://y\n');
    const error = await configError(() => loadContainer(file, { env: {}, logger }));
    expect(error.code).toBe('CONTAINER_FILE_NOT_YAML');
  });

  it.each([
    ['a list', '- baseUrl: http://x\n', /found a list/],
    ['a scalar', 'just text\n', /found a scalar/],
    ['empty', '# nothing here\n', /found an empty document/],
    ['only shared anchors', 'x-defaults: { retry: { limit: 1 } }\n', /defines no service/],
  ])('fails when the top level is %s rather than a mapping of services', async (_kind, text, message) => {
    const file = write('not-mapping.yml', text);
    const error = await configError(() => loadContainer(file, { env: {}, logger }));
    expect(error.code).toBe('CONTAINER_FILE_NOT_MAPPING');
    expect(error.message).toMatch(message);
  });
});

describe('parseContainer: invalid services', () => {
  const source = '/etc/platform/container.yml';
  const parse =
    (text: string, env: Record<string, string> = {}) =>
    () =>
      parseContainer(text, { source, env });

  it.each([
    ['a missing baseUrl', 'svc:\n  timeout: { request: 100 }\n', 'baseUrl', /is required/],
    ['a baseUrl that is not http', 'svc:\n  baseUrl: ftp://host/\n', 'baseUrl', /http:\/\/ or https:\/\//],
    [
      'a timeout that is not a number',
      'svc:\n  baseUrl: http://h\n  timeout: { request: soon }\n',
      'timeout.request',
      /milliseconds/,
    ],
    [
      'a timeout out of range',
      'svc:\n  baseUrl: http://h\n  timeout: { request: 0 }\n',
      'timeout.request',
      /at least 1/,
    ],
    ['a misspelt option', 'svc:\n  baseUrl: http://h\n  timeOut: 100\n', 'timeOut', /not a known option/],
    [
      'a misspelt nested option',
      'svc:\n  baseUrl: http://h\n  retry: { limits: 1 }\n',
      'retry.limits',
      /not a known option/,
    ],
    [
      'a retry of a non-idempotent method',
      'svc:\n  baseUrl: http://h\n  retry: { methods: [GET, POST] }\n',
      'retry.methods.1',
      /idempotent/,
    ],
    [
      'a header with a line break',
      'svc:\n  baseUrl: http://h\n  headers: { x-a: "a\\r\\nb" }\n',
      'headers.x-a',
      /line breaks/,
    ],
    [
      'a configured x-request-id',
      'svc:\n  baseUrl: http://h\n  headers: { X-Request-Id: fixed }\n',
      'headers.X-Request-Id',
      /per request/,
    ],
    [
      'a configured x-request-timeout-ms',
      'svc:\n  baseUrl: http://h\n  headers: { x-request-timeout-ms: "100" }\n',
      'headers.x-request-timeout-ms',
      /deadlineMs/,
    ],
    ['a negative deadline', 'svc:\n  baseUrl: http://h\n  deadlineMs: -5\n', 'deadlineMs', /milliseconds/],
    [
      'a retry budget share over 100 %',
      'svc:\n  baseUrl: http://h\n  retry: { budget: { percent: 150 } }\n',
      'retry.budget.percent',
      /at most 100/,
    ],
    [
      'a bulkhead without slots',
      'svc:\n  baseUrl: http://h\n  bulkhead: { maxConcurrent: 0 }\n',
      'bulkhead.maxConcurrent',
      /at least 1/,
    ],
    [
      'a misspelt bulkhead option',
      'svc:\n  baseUrl: http://h\n  bulkhead: { maxQueued: 3 }\n',
      'bulkhead.maxQueued',
      /not a known option/,
    ],
    [
      'a hedge percentile out of range',
      'svc:\n  baseUrl: http://h\n  hedge: { enabled: true, percentile: 100 }\n',
      'hedge.percentile',
      /percentile \(50 to 99\)/,
    ],
    [
      'a hedge switch that is not a boolean',
      'svc:\n  baseUrl: http://h\n  hedge: { enabled: maybe }\n',
      'hedge.enabled',
      /true or false/,
    ],
    [
      'an unset variable',
      'svc:\n  baseUrl: http://h\n  headers: { authorization: "Bearer ${BEARER}" }\n',
      'headers.authorization',
      /\$\{BEARER\}, which is not set/,
    ],
  ])('names the file, the service and the field for %s', async (_kind, text, field, message) => {
    const error = await configError(parse(text));
    expect(error.code).toBe('CONTAINER_SERVICE_INVALID');
    expect(error.problems).toEqual([{ service: 'svc', field, message: expect.stringMatching(message) }]);
    expect(error.message).toMatch(`Container file ${source}: service "svc", field "${field}": `);
  });

  it('refuses an entry that is not a mapping and a name that is not valid', async () => {
    const error = await configError(parse('svc: http://h\n"bad name":\n  baseUrl: http://h\n'));
    expect(error.problems.map((problem) => problem.service)).toEqual(['svc', 'bad name']);
    expect(error.message).toMatch(/service "svc": expected a mapping of options/);
    expect(error.message).toMatch(/service "bad name": is not a valid service name/);
  });

  it('lists every problem of every service at once', async () => {
    const error = await configError(
      parse(
        'a:\n  baseUrl: nope\nb:\n  baseUrl: http://h\n  retry: { limit: 50 }\nc:\n  baseUrl: http://h\n',
      ),
    );
    expect(error.problems.map((problem) => `${problem.service}/${problem.field}`)).toEqual([
      'a/baseUrl',
      'b/retry.limit',
    ]);
    expect(error.message.split('\n')[0]).toBe(`Container file ${source} is invalid:`);
  });

  it('never repeats a value in its messages', async () => {
    const error = await configError(
      parse('svc:\n  baseUrl: "${URL}"\n  headers: { authorization: 12345 }\n', { URL: 'not-a-url-s3cr3t' }),
    );
    expect(error.problems.map((problem) => problem.field)).toEqual(['baseUrl', 'headers.authorization']);
    expect(JSON.stringify(error.problems)).not.toMatch(/s3cr3t|12345/);
    expect(error.message).not.toMatch(/s3cr3t|12345/);
  });
});
