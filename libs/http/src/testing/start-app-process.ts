import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface AppProcess {
  url: string;
  port: number;
  /** Every URL the app logged as "listening on …" (a gRPC app logs its grpc:// one too). */
  urls: string[];
  child: ChildProcess;
  alive: () => boolean;
  /** The last part of what the app wrote, for a failure message. */
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * An app's src/main.ts (below `appDir`) in a child process (TypeScript sources of the app and the
 * libs, as `nx serve` runs them) on a free port, with only the environment given
 * (PATH included: nothing of the caller's environment leaks in). Resolves once it logs
 * `listening on http://…`; fails with its output if it exits first or takes over a minute.
 */
export async function startAppProcess(appDir: string, env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@platform/source', 'src/main.ts'], {
    cwd: appDir,
    env: { HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 60_000;
  for (;;) {
    const urls = [...output.matchAll(/listening on ((?:http|grpc):\/\/[\d.:[\]]+)/g)].map(
      (match) => match[1]!,
    );
    const http = urls.find((url) => url.startsWith('http://'));
    if (http) {
      return {
        url: http,
        port: Number(new URL(http).port),
        urls,
        child,
        alive: () => child.exitCode === null && child.signalCode === null,
        output: () => output,
        stop: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        },
      };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${path.basename(appDir)} did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
