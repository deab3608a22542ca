import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const fixture = path.join(import.meta.dirname, 'fixture-job.ts');
const children: ChildProcess[] = [];

interface Ran {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function startJob(args: string[], env: Record<string, string> = { GREETING: 'hello' }): Ran {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@platform/source', fixture, ...args],
    {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return { child, stdout: () => out, stderr: () => err, exit };
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('runJob', () => {
  it('keeps stdout for the output, logs JSON lines on stderr, and exits 0', async () => {
    const ran = startJob(['print']);
    expect(await ran.exit).toBe(0);
    expect(ran.stdout()).toBe('hello\n');
    const line = JSON.parse(ran.stderr().split('\n')[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ message: 'job started', mode: 'print' });
  });

  it('exits 1 when run() throws, 2 on a UsageError and on bad settings', async () => {
    const failed = startJob(['fail']);
    const usage = startJob(['usage']);
    const unset = startJob(['print'], {});
    expect(await failed.exit).toBe(1);
    expect(failed.stderr()).toMatch(/fixture-job failed: it broke/);
    expect(await usage.exit).toBe(2);
    expect(usage.stderr()).toContain('fixture-job: usage: fixture-job print|fail|usage|wait');
    expect(await unset.exit).toBe(2);
    expect(unset.stderr()).toMatch(/GREETING: is required/);
    expect(unset.stdout()).toBe('');
  });

  it('aborts the job on SIGTERM and exits with its status even with a timer left open', async () => {
    const ran = startJob(['wait']);
    const deadline = Date.now() + 15_000;
    while (!ran.stderr().includes('job started') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    ran.child.kill('SIGTERM');
    expect(await ran.exit).toBe(3);
    expect(ran.stderr()).toMatch(/stopping \(SIGTERM\)/);
  });
});
