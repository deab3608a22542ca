import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const source = path.resolve(import.meta.dirname, 'index.ts');

/**
 * Runs `body` in a process of its own whose root logger writes to its standard output, as an
 * app's does; resolves with the lines written and when the first of them arrived.
 */
function runLogging(body: string): Promise<{ lines: string[]; firstAt: number; code: number | null }> {
  const script = `
    import { createLogger } from ${JSON.stringify(source)};
    const logger = createLogger({ app: 'buffering', environment: 'test', level: 'info' }, { pretty: false });
    ${body}
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    let firstAt = Number.NaN;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (Number.isNaN(firstAt)) firstAt = Date.now();
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ lines: output.trim().split('\n').filter(Boolean), firstAt, code }));
  });
}

describe('the root logger on standard output', () => {
  it('writes every buffered line when the process exits at once (as after a fatal error)', async () => {
    const { lines, code } = await runLogging(`
      for (let i = 0; i < 3; i += 1) logger.info({ i }, 'before the exit');
      logger.fatal('giving up');
      process.exit(3);
    `);
    expect(code).toBe(3);
    expect(lines.map((line) => JSON.parse(line).message)).toEqual([
      'before the exit',
      'before the exit',
      'before the exit',
      'giving up',
    ]);
  });

  it('writes a lone line within its flush interval while the process goes on', async () => {
    const { lines, firstAt } = await runLogging(`
      logger.info('alone');
      setTimeout(() => process.exit(0), 3000);
    `);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '{}') as { message: string; '@timestamp': string };
    expect(line.message).toBe('alone');
    // Out with the periodic flush, not held until the exit 3 s later.
    expect(firstAt - Date.parse(line['@timestamp'])).toBeLessThan(1_500);
  });
});
