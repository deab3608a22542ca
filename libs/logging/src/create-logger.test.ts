import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createLogger,
  createRequestLogger,
  closeLogger,
  requestIdFrom,
  type LoggerSettings,
} from './index.js';
import { captureLogger } from './testing.js';

const settings: LoggerSettings = { app: 'dbapi', environment: 'production', level: 'info', processId: 'r1' };

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('createLogger', () => {
  it('writes ECS-style JSON lines with the seed fields', () => {
    const { logger, entries } = captureLogger(settings);
    logger.child({ module: 'example' }).info({ rows: 2 }, 'Done example/foo');
    const [line] = entries();
    expect(line).toMatchObject({
      'log.level': 'info',
      message: 'Done example/foo',
      'service.name': 'dbapi',
      'service.environment': 'production',
      app: 'dbapi.r1',
      index: 'dbapi_production',
      process: { name: 'dbapi' },
      module: 'example',
      rows: 2,
    });
    expect(new Date(String(line?.['@timestamp'])).toISOString()).toBe(line?.['@timestamp']);
  });

  it('redacts secrets wherever they are logged', () => {
    const { logger, entries } = captureLogger(settings);
    logger.info(
      {
        req: { headers: { authorization: 'Bearer s3cr3t-token' } },
        password: 'pw-value',
        account: { totpSecret: 'JBSWY3DPEHPK3PXP', token: 'tok-value' },
      },
      'login',
    );
    const text = JSON.stringify(entries()[0]);
    for (const secret of ['s3cr3t-token', 'pw-value', 'JBSWY3DPEHPK3PXP', 'tok-value']) {
      expect(text).not.toContain(secret);
    }
    expect(entries()[0]).toMatchObject({ password: '[REDACTED]', account: { totpSecret: '[REDACTED]' } });
  });

  it('redacts secrets in child bindings, arrays and any key case, without changing what the caller logged', () => {
    const { logger, entries } = captureLogger(settings);
    const logged = {
      users: [{ name: 'ada', Password: 'pw-in-array' }],
      depth: { a: { b: { secret: 's-deep' } } },
    };
    logger.child({ session: { Authorization: 'Bearer child-token' } }).info(logged, 'batch');
    const text = JSON.stringify(entries()[0]);
    for (const secret of ['pw-in-array', 's-deep', 'child-token']) expect(text).not.toContain(secret);
    expect(entries()[0]).toMatchObject({ users: [{ name: 'ada', Password: '[REDACTED]' }] });
    expect(logged.users[0]?.Password).toBe('pw-in-array');
    expect(logged.depth.a.b.secret).toBe('s-deep');
  });

  it('redacts the authorization header of a serialized request', () => {
    const { logger, entries } = captureLogger(settings);
    const req = Object.assign(Object.create({}) as object, {
      method: 'GET',
      url: '/',
      headers: { authorization: 'Bearer serialized-token', accept: 'text/html' },
    });
    logger.info({ req }, 'request');
    expect(JSON.stringify(entries()[0])).not.toContain('serialized-token');
    expect(entries()[0]).toMatchObject({
      req: { headers: { authorization: '[REDACTED]', accept: 'text/html' } },
    });
  });

  it('writes to a rotated file when a log path is set, pruning old files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'logs-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const logPath = path.join(dir, 'app.log');
    const logger = createLogger({ ...settings, level: 'info', logPath, rotateSize: '1k', rotateKeep: 2 });
    for (let i = 0; i < 40; i += 1) {
      logger.info({ i, padding: 'x'.repeat(200) }, 'line');
      // Rotation is decided per write in the transport's worker: let each line reach it.
      await new Promise((resolve) => logger.flush(resolve));
    }
    await closeLogger(logger);
    const rotated = () => readdirSync(dir).filter((name) => /^app\.\d+\.log$/.test(name));
    const lines = () =>
      rotated()
        .flatMap((name) => readFileSync(path.join(dir, name), 'utf8').split('\n'))
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { i: number });
    // Old files are pruned (after the rotation, in the transport's worker): the first lines go, the last stays.
    await expect.poll(() => lines().some((line) => line.i === 0), { timeout: 5_000 }).toBe(false);
    expect(rotated().length).toBeGreaterThan(0);
    expect(rotated().length).toBeLessThanOrEqual(3);
    expect(lines().some((line) => line.i === 39)).toBe(true);
  });
});

describe('createRequestLogger', () => {
  async function serve(logger: ReturnType<typeof createLogger>): Promise<string> {
    const httpLogger = createRequestLogger(logger);
    const server: Server = createServer((req, res) => {
      httpLogger(req, res);
      // Never answered: the client gives up.
      if (req.url === '/hang') return;
      // What @platform/auth's bearer check does once it has named the caller.
      if (req.url === '/as-caller') req.caller = 'reporting';
      res.statusCode = req.url === '/missing' ? 404 : 200;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('logs method, url, status and duration with a request id it echoes back', async () => {
    const { logger, find, text } = captureLogger(settings);
    const base = await serve(logger);
    const response = await fetch(`${base}/missing`, { headers: { authorization: 'Bearer leak-me-not' } });
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const line = find((entry) => entry['request.id'] === id);
    expect(line).toMatchObject({
      'log.level': 'warn',
      req: { method: 'GET', url: '/missing' },
      res: { statusCode: 404 },
    });
    expect(typeof line?.['duration_ms']).toBe('number');
    expect(text()).not.toContain('leak-me-not');
  });

  it('names the authenticated caller as `caller`, and no caller when none was named', async () => {
    const { logger, find } = captureLogger(settings);
    const base = await serve(logger);
    await fetch(`${base}/as-caller`, { headers: { 'x-request-id': 'named' } });
    await fetch(`${base}/other`, { headers: { 'x-request-id': 'anonymous' } });
    await expect.poll(() => find((entry) => entry['request.id'] === 'named')).toBeDefined();
    expect(find((entry) => entry['request.id'] === 'named')?.['caller']).toBe('reporting');
    await expect.poll(() => find((entry) => entry['request.id'] === 'anonymous')).toBeDefined();
    expect(find((entry) => entry['request.id'] === 'anonymous')).not.toHaveProperty('caller');
  });

  it('logs a request the client abandoned once, as aborted', async () => {
    const { logger, entries, find } = captureLogger(settings);
    const base = await serve(logger);
    await expect(
      fetch(`${base}/hang`, { headers: { 'x-request-id': 'gave-up' }, signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    await expect.poll(() => entries().filter((entry) => entry['request.id'] === 'gave-up')).toHaveLength(1);
    const line = find((entry) => entry['request.id'] === 'gave-up');
    expect(line).toMatchObject({
      'log.level': 'warn',
      req: { method: 'GET', url: '/hang' },
      res: { statusCode: 0 },
    });
    expect(line?.['message']).toMatch(/^GET \/hang aborted after \d+ ms$/);
  });

  it('honours an incoming x-request-id and replaces an unsafe one', async () => {
    const { logger, entries } = captureLogger(settings);
    const base = await serve(logger);
    const kept = await fetch(base, { headers: { 'x-request-id': 'abc-123' } });
    expect(kept.headers.get('x-request-id')).toBe('abc-123');
    expect(entries().some((entry) => entry['request.id'] === 'abc-123')).toBe(true);
    expect(requestIdFrom('bad id\nwith newline')).not.toContain('\n');
    expect(requestIdFrom('x'.repeat(500))).toHaveLength(36);
  });
});
