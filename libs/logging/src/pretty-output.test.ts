import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { closeLogger, createLogger, type LoggerSettings } from './index.js';
import { wantsPrettyOutput } from './pretty-output.js';

const local: LoggerSettings = { app: 'counter', environment: 'local', level: 'info' };

function capture(): { text: () => string; stream: Writable } {
  let written = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      written += chunk.toString();
      callback();
    },
  });
  return { text: () => written, stream };
}

describe('wantsPrettyOutput', () => {
  it('prints human-readable lines for a local run on a terminal only', () => {
    expect(wantsPrettyOutput('local', true)).toBe(true);
    expect(wantsPrettyOutput('local', false)).toBe(false);
    expect(wantsPrettyOutput('local', undefined)).toBe(false);
    expect(wantsPrettyOutput('production', true)).toBe(false);
    expect(wantsPrettyOutput('staging', true)).toBe(false);
  });
});

describe('createLogger with pretty output', () => {
  it('writes one readable line per event: time, level, message and the event fields, without the fields every line repeats', async () => {
    const { text, stream } = capture();
    const logger = createLogger(local, { destination: stream, pretty: true });
    logger.child({ module: 'redis' }).warn({ attempt: 3 }, 'Redis reconnecting');
    await closeLogger(logger);
    const lines = text().trim().split('\n');
    expect(lines).toHaveLength(1);
    const [line = ''] = lines;
    expect(() => JSON.parse(line)).toThrow();
    expect(line).toMatch(/^\S*\[\d\d:\d\d:\d\d\.\d{3}\]\S* \S*WARN\S*.*Redis reconnecting/);
    expect(line).toContain('module');
    expect(line).toContain('attempt');
    for (const repeated of ['service.name', 'index', 'ecs.version', 'host.hostname', '@timestamp']) {
      expect(line).not.toContain(repeated);
    }
  });

  it('still redacts secrets', async () => {
    const { text, stream } = capture();
    const logger = createLogger(local, { destination: stream, pretty: true });
    logger.info({ password: 'pw-value', headers: { authorization: 'Bearer tok-value' } }, 'login');
    await closeLogger(logger);
    expect(text()).toContain('login');
    expect(text()).not.toContain('pw-value');
    expect(text()).not.toContain('tok-value');
  });

  it('keeps JSON lines for a given destination unless pretty is asked for', () => {
    const { text, stream } = capture();
    createLogger(local, { destination: stream }).info('plain');
    expect(JSON.parse(text())).toMatchObject({ message: 'plain', 'service.environment': 'local' });
  });
});
