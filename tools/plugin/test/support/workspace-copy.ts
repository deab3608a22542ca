import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const workspaceRoot = path.resolve(import.meta.dirname, '../../../..');

/** Shared by the copies and kept between runs: the libs' builds are restored, not redone. */
const nxCache = path.join(tmpdir(), 'platform-plugin-integration-nx-cache');

export interface WorkspaceCopy {
  root: string;
  /** Runs a command in the copy (cwd relative to it), never rejecting: the result says how it went. */
  run: (command: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;
  remove: () => void;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function commandEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_CACHE_DIRECTORY: nxCache,
    NX_TUI: 'false',
    NO_COLOR: '1',
    CI: '',
    ...extra,
  };
}

/**
 * The workspace's files as git sees them (tracked and new, ignored ones left out) in a temporary
 * folder, with every node_modules folder linked to this workspace's (the workspace's own packages
 * to the copy's folders).
 */
export function copyWorkspace(): WorkspaceCopy {
  const root = mkdtempSync(path.join(tmpdir(), 'platform-plugin-'));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: workspaceRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\0')
    .filter((file) => file && existsSync(path.join(workspaceRoot, file)));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    copyFileSync(path.join(workspaceRoot, file), path.join(root, file));
  }
  // node_modules: every package linked to this workspace's, but the workspace's own packages
  // (@platform/*) linked to the copy's folders, so the copy's builds are the ones its apps load.
  const modules = path.join(root, 'node_modules');
  mkdirSync(modules);
  for (const entry of readdirSync(path.join(workspaceRoot, 'node_modules'))) {
    if (entry === '@platform') continue;
    symlinkSync(path.join(workspaceRoot, 'node_modules', entry), path.join(modules, entry));
  }
  mkdirSync(path.join(modules, '@platform'));
  for (const entry of readdirSync(path.join(workspaceRoot, 'node_modules', '@platform'))) {
    const target = realpathSync(path.join(workspaceRoot, 'node_modules', '@platform', entry));
    const inCopy = path.join(root, path.relative(workspaceRoot, target));
    symlinkSync(existsSync(inCopy) ? inCopy : target, path.join(modules, '@platform', entry), 'dir');
  }
  for (const folder of ['apps', 'libs', 'tools', '.']) {
    const parent = path.join(workspaceRoot, folder);
    const children = folder === '.' ? ['deploy'] : readdirSync(parent);
    for (const child of children) {
      const modules = path.join(parent, child, 'node_modules');
      const target = path.join(root, folder, child, 'node_modules');
      if (existsSync(modules) && existsSync(path.dirname(target)) && !existsSync(target)) {
        symlinkSync(modules, target, 'dir');
      }
    }
  }
  return {
    root,
    run: (command, args, options = {}) =>
      new Promise((resolve) => {
        execFile(
          command,
          [...args],
          {
            cwd: path.join(root, options.cwd ?? '.'),
            env: commandEnv(options.env),
            timeout: options.timeoutMs ?? 240_000,
            maxBuffer: 64 * 1024 * 1024,
          },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
            resolve({ code, stdout, stderr });
          },
        );
      }),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A free TCP port on 127.0.0.1 for a server the test starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface Served {
  output: () => string;
  stop: () => Promise<void>;
}

/** `npx nx serve <project>` in the copy, in its own process group so that stop() ends all of it. */
export function serve(copy: WorkspaceCopy, project: string, env: Record<string, string>): Served {
  let output = '';
  const child: ChildProcess = spawn('npx', ['nx', 'serve', project, '--output-style=stream'], {
    cwd: copy.root,
    env: commandEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, name);
    } catch {
      // The group is gone already.
    }
  };
  return {
    output: () => output,
    stop: async () => {
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `url` until it answers 200, or fails after `timeoutMs` with what the server wrote. */
export async function waitForOk(url: string, timeoutMs: number, output: () => string): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return response;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
