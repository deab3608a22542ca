import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import path from 'node:path';

// The real grpc-backend app, from its source, found by its package name.
const backendMain = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@platform/grpc-backend/package.json')),
  'src/main.ts',
);

export const BACKEND_TOKEN = 'frontend-test-token-0123456789';

export interface BackendProcess {
  port: number;
  target: string;
  stop: () => Promise<void>;
}

/** Starts grpc-backend in a child process (gRPC on `port`, 0 for any) and waits until it listens. */
export async function startBackend(port = 0): Promise<BackendProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@platform/source', backendMain],
    {
      env: {
        PATH: process.env['PATH'] ?? '',
        HOST: '127.0.0.1',
        PORT: '0',
        BACKEND_PORT: String(port),
        BEARER: BACKEND_TOKEN,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // A test run that ends without stop() (a crash, a failed hook) does not leave the backend behind.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  let output = '';
  const exited = once(child, 'exit');
  void exited.then(() => process.removeListener('exit', killOnExit));
  const bound = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`backend did not start: ${output}`)), 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on grpc:\/\/[^:]+:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`backend exited: ${output}`));
    });
  });
  return {
    port: bound,
    target: `127.0.0.1:${bound}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
