import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface Server {
  name: string;
  child: ChildProcess;
  pid: number;
  /** ms from spawn to the first ready answer. */
  readyAfterMs: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** Resolves true once the server answers as ready. */
  ready: () => Promise<boolean>;
  /** The child's stdout and stderr go to this file (as a log shipper would drain them). */
  logFile: string;
  /** How often readiness is probed (ms). */
  pollMs?: number;
  timeoutMs?: number;
}

/** A 2xx from a URL (GET, or the given request); false on any error. */
export function answers(url: string, init?: RequestInit): () => Promise<boolean> {
  return async () => {
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return response.ok;
    } catch {
      return false;
    }
  };
}

const running = new Set<ChildProcess>();
/** Stops every server still running (on exit, on an interrupt). */
export function stopAllServers(): void {
  for (const child of running)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

/** Spawns a server and waits until it is ready; throws (with the log file named) if it exits or times out. */
export async function startServer(options: StartOptions): Promise<Server> {
  const { name, command, args, cwd, env, ready, logFile, pollMs = 50, timeoutMs = 60_000 } = options;
  const output = openSync(logFile, 'a');
  const started = performance.now();
  const child = spawn(command, args, {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', output, output],
  });
  closeSync(output);
  running.add(child);
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const exited = once(child, 'exit');
      const timer = sleep(10_000).then(() => child.kill('SIGKILL'));
      await Promise.race([exited, timer]);
    }
    running.delete(child);
  };
  const deadline = started + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      running.delete(child);
      throw new Error(
        `${name} exited (${child.exitCode ?? child.signalCode}) before it was ready; see ${logFile}`,
      );
    }
    if (await ready()) break;
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`${name} was not ready within ${timeoutMs / 1000} s; see ${logFile}`);
    }
    await sleep(pollMs);
  }
  return { name, child, pid: child.pid ?? -1, readyAfterMs: performance.now() - started, stop };
}
