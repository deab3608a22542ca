import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from '@platform/settings';
import { executeJob, type JobRuntime, type RunJobOptions } from './run-job.js';
import { UsageError } from './usage-error.js';

const shape = { NAME: z.string().min(1) };

interface FakeRuntime extends JobRuntime {
  stderr: () => string;
  logLines: () => Record<string, unknown>[];
  send: (signal: NodeJS.Signals) => void;
  exits: number[];
  listenerCount: () => number;
}

function fakeRuntime(env: Record<string, string>, args: string[] = []): FakeRuntime {
  let text = '';
  const listeners = new Map<NodeJS.Signals, Set<() => void>>();
  const exits: number[] = [];
  return {
    args,
    env,
    writeStderr: (chunk) => {
      text += chunk;
    },
    onSignal: (signal, listener) => {
      const set = listeners.get(signal) ?? new Set();
      set.add(listener);
      listeners.set(signal, set);
    },
    offSignal: (signal, listener) => listeners.get(signal)?.delete(listener),
    exit: (code) => exits.push(code),
    exits,
    stderr: () => text,
    logLines: () =>
      text
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    send: (signal) => {
      for (const listener of listeners.get(signal) ?? []) listener();
    },
    listenerCount: () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0),
  };
}

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'run-job-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function job(run: RunJobOptions<typeof shape>['run'], extra: Partial<RunJobOptions<typeof shape>> = {}) {
  return { app: 'demo-job', root, shape, run, ...extra };
}

describe('executeJob', () => {
  it('hands run() the settings, the arguments and a logger writing JSON lines to stderr, and exits 0', async () => {
    const runtime = fakeRuntime({ NAME: 'ada' }, ['greet', '--loud']);
    let seen: { name: string; args: readonly string[] } | undefined;
    const code = await executeJob(
      job(async ({ settings, args, logger }) => {
        seen = { name: settings.NAME, args };
        logger.info({ event: 'job.step' }, 'working');
      }),
      runtime,
    );
    expect(code).toBe(0);
    expect(seen).toEqual({ name: 'ada', args: ['greet', '--loud'] });
    const [line] = runtime.logLines();
    expect(line).toMatchObject({ message: 'working', event: 'job.step', app: 'demo-job.demo-job' });
    expect(runtime.listenerCount()).toBe(0);
  });

  it('exits with the status run() returns, and names the logs after processId', async () => {
    const runtime = fakeRuntime({ NAME: 'ada' });
    const code = await executeJob(
      job(
        async ({ logger }) => {
          logger.info('partial');
          return 1;
        },
        { processId: 'rewrap' },
      ),
      runtime,
    );
    expect(code).toBe(1);
    expect(runtime.logLines()[0]).toMatchObject({ app: 'demo-job.rewrap' });
  });

  it('exits 2 naming the bad settings on stderr, without running', async () => {
    const runtime = fakeRuntime({ LOG_LEVEL: 'loud' });
    let ran = false;
    const code = await executeJob(
      job(async () => {
        ran = true;
      }),
      runtime,
    );
    expect(code).toBe(2);
    expect(ran).toBe(false);
    expect(runtime.stderr()).toMatch(/^demo-job: Invalid configuration/);
    expect(runtime.stderr()).toMatch(/NAME: is required/);
    expect(runtime.stderr()).toMatch(/LOG_LEVEL:/);
  });

  it('exits 2 when a settings rule fails', async () => {
    const runtime = fakeRuntime({ NAME: 'x' });
    const rules = (settings: { NAME: string }) =>
      settings.NAME.length > 2 ? [] : [{ name: 'NAME', message: 'needs three letters or more' }];
    const code = await executeJob(
      job(async () => 0, { rules }),
      runtime,
    );
    expect(code).toBe(2);
    expect(runtime.stderr()).toContain('NAME: needs three letters or more');
  });

  it('logs an error thrown by run() and exits 1', async () => {
    const runtime = fakeRuntime({ NAME: 'ada' });
    const code = await executeJob(
      job(async () => {
        throw new Error('store unreachable');
      }),
      runtime,
    );
    expect(code).toBe(1);
    const [line] = runtime.logLines();
    expect(line).toMatchObject({ 'log.level': 'error', message: 'demo-job failed: store unreachable' });
    expect(runtime.listenerCount()).toBe(0);
  });

  it('prints a UsageError on stderr and exits 2', async () => {
    const runtime = fakeRuntime({ NAME: 'ada' });
    const code = await executeJob(
      job(async () => {
        throw new UsageError('unknown command "frobnicate"');
      }),
      runtime,
    );
    expect(code).toBe(2);
    expect(runtime.stderr()).toBe('demo-job: unknown command "frobnicate"\n');
  });

  it('aborts the signal on the first SIGINT/SIGTERM and exits 1 at once on a second', async () => {
    const runtime = fakeRuntime({ NAME: 'ada' });
    let reason: unknown;
    const running = executeJob(
      job(
        ({ signal }) =>
          new Promise<number>((resolve) => {
            signal.addEventListener('abort', () => {
              reason = signal.reason;
              resolve(130);
            });
            runtime.send('SIGTERM');
            expect(runtime.exits).toEqual([]);
            runtime.send('SIGINT');
          }),
      ),
      runtime,
    );
    expect(await running).toBe(130);
    expect(reason).toBeInstanceOf(Error);
    expect(runtime.exits).toEqual([1]);
    const messages = runtime.logLines().map((line) => line['message']);
    expect(messages).toEqual(['demo-job: stopping (SIGTERM)', 'Second signal; exiting now']);
  });
});
