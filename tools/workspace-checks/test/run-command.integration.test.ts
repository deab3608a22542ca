import { describe, expect, it } from 'vitest';
import { runCommand } from '../src/run-command.js';

describe('runCommand', () => {
  it('resolves the standard output and feeds the input', async () => {
    const output = await runCommand(
      process.execPath,
      ['-e', 'process.stdin.pipe(process.stdout); console.error("ignored")'],
      { cwd: process.cwd(), env: process.env, input: 'hello' },
    );
    expect(output).toBe('hello');
  });

  it('fails with COMMAND_FAILED and the command and its stderr in the message', async () => {
    const run = runCommand(process.execPath, ['-e', 'console.error("no such thing"); process.exit(3)'], {
      cwd: process.cwd(),
      env: process.env,
    });
    await expect(run).rejects.toMatchObject({
      code: 'COMMAND_FAILED',
      message: expect.stringContaining('no such thing'),
    });
  });
});
