import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeLogger, createLogger, createRequestLogger } from '@platform/logging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventFromLine,
  globMatches,
  isValidIndexName,
  loadFilebeatConfig,
  outputIndex,
  expandVariables,
  type Event,
} from './support/filebeat-pipeline.js';

const config = loadFilebeatConfig();
const env = { ENVIRONMENT: 'test' };
let logDir: string;
/** Every line the app wrote, by the file it is in. */
const written = new Map<string, string[]>();

function input(id: string) {
  const found = config.filebeat.inputs.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`filebeat.yml has no input ${id}`);
  return found;
}

function field(event: Event, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, part) => (node as Event | undefined)?.[part], event);
}

beforeAll(async () => {
  logDir = mkdtempSync(path.join(tmpdir(), 'deploy-filebeat-'));
  // An app as deployed on a host: LOG_PATH=<PLATFORM_LOG_DIR>/<app>/<app>.log, rotated small to get several files.
  const logger = createLogger({
    app: 'db-api',
    environment: 'test',
    level: 'info',
    processId: 'replica-1',
    logPath: path.join(logDir, 'db-api', 'db-api.log'),
    rotateSize: '1k',
    rotateKeep: 20,
  });
  const requestLogger = createRequestLogger(logger);
  const server: Server = createServer((req, res) => {
    requestLogger(req, res);
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  for (let index = 0; index < 12; index += 1) {
    const response = await fetch(`http://127.0.0.1:${port}/example/foo?n=${index}`, {
      headers: { 'x-request-id': `req-${index}`, authorization: 'Bearer not-to-be-logged' },
    });
    await response.text();
    logger.info({ module: 'example', user: { name: 'Gonzalo' } }, `processed request ${index}`);
    // Rotation is decided per write in the transport's worker: let each line reach it.
    await new Promise((resolve) => logger.flush(resolve));
  }
  logger.warn('a warning with "quotes" and a\nnewline');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await closeLogger(logger);
  const folder = path.join(logDir, 'db-api');
  for (const file of readdirSync(folder)) {
    const lines = readFileSync(path.join(folder, file), 'utf8').split('\n').filter(Boolean);
    written.set(path.join(folder, file), lines);
  }
});

afterAll(() => {
  rmSync(logDir, { recursive: true, force: true });
});

describe('filebeat reading the rotated log files of an app', () => {
  it('finds every rotated file of the app with its input glob', () => {
    const glob = expandVariables(input('platform-log-files').paths[0] ?? '', { PLATFORM_LOG_DIR: logDir });
    expect(written.size).toBeGreaterThan(1);
    for (const file of written.keys()) expect(globMatches(glob, file), file).toBe(true);
    expect([...written.values()].flat().length).toBeGreaterThanOrEqual(25);
  });

  it('parses every line into an event for the index <app>_<environment>, with the ECS fields', () => {
    for (const line of [...written.values()].flat()) {
      const event = eventFromLine(config, input('platform-log-files'), line, env);
      expect(event['error'], line).toBeUndefined();
      expect(outputIndex(config, event)).toBe('db-api_test');
      expect(isValidIndexName(outputIndex(config, event))).toBe(true);
      expect(event['app']).toBe('db-api.replica-1');
      expect(typeof event['message']).toBe('string');
      expect(Number.isNaN(Date.parse(String(event['@timestamp'])))).toBe(false);
      expect(field(event, 'log.level')).toMatch(/^(info|warn)$/);
      expect(field(event, 'service.name')).toBe('db-api');
      expect(field(event, 'service.environment')).toBe('test');
      expect(field(event, 'process.pid')).toBe(process.pid);
    }
  });

  it('keeps the request lines with their id, route and status, and no credentials', () => {
    const events = [...written.values()]
      .flat()
      .map((line) => eventFromLine(config, input('platform-log-files'), line, env))
      .filter((event) => field(event, 'request.id') !== undefined);
    expect(events.map((event) => field(event, 'request.id'))).toEqual(
      Array.from({ length: 12 }, (_, index) => `req-${index}`),
    );
    for (const event of events) {
      expect(field(event, 'res.statusCode')).toBe(200);
      expect(typeof field(event, 'duration_ms')).toBe('number');
    }
    expect([...written.values()].flat().join('\n')).not.toContain('not-to-be-logged');
  });
});

describe('filebeat reading Docker container logs (compose)', () => {
  it('unwraps the json-file line and routes it like the file line', () => {
    const line = [...written.values()].flat()[0] ?? '';
    const dockerLine = JSON.stringify({
      log: `${line}\n`,
      stream: 'stdout',
      time: '2026-01-02T03:04:05.678Z',
    });
    const fromContainer = eventFromLine(config, input('platform-containers'), dockerLine, env);
    const fromFile = eventFromLine(config, input('platform-log-files'), line, env);
    expect(outputIndex(config, fromContainer)).toBe('db-api_test');
    expect(fromContainer['message']).toBe(fromFile['message']);
    expect(fromContainer['@timestamp']).toBe(fromFile['@timestamp']);
  });

  it('keeps a line that is not JSON, in the catch-all index of the environment', () => {
    const dockerLine = JSON.stringify({
      log: 'Error: boom\n',
      stream: 'stderr',
      time: '2026-01-02T03:04:05.678Z',
    });
    const event = eventFromLine(config, input('platform-containers'), dockerLine, env);
    expect(event['message']).toBe('Error: boom');
    expect(outputIndex(config, event)).toBe('unparsed_test');
  });
});
