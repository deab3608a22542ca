import { spawn } from 'node:child_process';

export interface BlockRun {
  code: number | null;
  output: string;
}

/** The environment a README command runs in: this one, less the Nx task variables of the run around it. */
export function readerEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^NX_(TASK|TERMINAL|STREAM|CLI_SET|BASE|HEAD)/.test(name),
    ),
  );
  return { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NO_COLOR: '1' };
}

/** Runs a block's commands with bash (`set -e`: the first failure stops it) within `timeoutMs`. */
export function runBlock(script: string, cwd: string, timeoutMs: number): Promise<BlockRun> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], {
      cwd,
      env: readerEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      output += `\n(stopped after ${timeoutMs} ms)`;
      process.kill(-child.pid!, 'SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/**
 * Starts a block that runs a server, waits until its output matches `ready`, then stops its
 * whole process group (SIGTERM, SIGKILL after 20 s). Resolves whether it got ready, with its output.
 */
export function runServerBlock(
  script: string,
  cwd: string,
  ready: RegExp,
  timeoutMs: number,
  /** Run once the server is ready, before it is stopped (a with-server block). */
  whileReady?: string,
): Promise<{ ready: boolean; output: string; client?: BlockRun }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-c', script], {
      cwd,
      env: readerEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    let seen = false;
    let client: BlockRun | undefined;
    const stop = (): void => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // Gone already.
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // Gone already.
        }
      }, 20_000).unref();
    };
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-40_000);
      if (!seen && ready.test(output)) {
        seen = true;
        if (whileReady === undefined) stop();
        else
          void runBlock(whileReady, cwd, 120_000).then((run) => {
            client = run;
            stop();
          });
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      output += `\n(not ready after ${timeoutMs} ms)`;
      stop();
    }, timeoutMs);
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ ready: seen, output, ...(client ? { client } : {}) });
    });
  });
}
