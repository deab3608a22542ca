import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '@platform/http/testing';
import { repoRoot } from './paths.js';
import { answers } from './answers.js';

export interface ReplicaOptions {
  app: string;
  port: number;
  env: Record<string, string>;
}

/** One process of an app's production build (dist/main.js), as a container runs it, on a fixed loopback port. */
export class Replica {
  readonly url: string;
  #child: ChildProcess | undefined;
  #output = '';

  constructor(readonly options: ReplicaOptions) {
    this.url = `http://127.0.0.1:${options.port}`;
  }

  get output(): string {
    return this.#output;
  }

  async start(): Promise<void> {
    const { app, port, env } = this.options;
    const cwd = path.join(repoRoot, 'apps', app);
    if (!existsSync(path.join(cwd, 'dist', 'main.js')))
      throw new Error(`apps/${app} is not built (dist/main.js)`);
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.#output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.#output += chunk.toString()));
    await waitFor(`${app} on port ${port}`, () => answers(`${this.url}/readyz`), {
      timeoutMs: 30_000,
      abort: () => (child.exitCode === null ? undefined : `${app} exited: ${this.#output}`),
    });
  }

  /** SIGTERM, as an orchestrator stops a container; resolves with the exit code. */
  async stop(): Promise<number | null> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exit = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exit) as [number | null];
    return code;
  }

  kill(): void {
    if (this.#child && this.#child.exitCode === null) this.#child.kill('SIGKILL');
  }
}
