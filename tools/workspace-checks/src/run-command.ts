import { execFile } from 'node:child_process';
import { WorkspaceCheckError } from './workspace-check-error.js';

export interface RunCommandOptions {
  cwd: string;
  /** The child's whole environment. */
  env: NodeJS.ProcessEnv;
  /** Written to the child's standard input. */
  input?: string;
}

/** Runs a command to completion and resolves its standard output; fails with COMMAND_FAILED and its stderr. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        reject(
          new WorkspaceCheckError(
            'COMMAND_FAILED',
            `${command} ${args.join(' ')} failed: ${stderr.trim() || error.message}`,
            {
              cause: error,
            },
          ),
        );
      },
    );
    // A child may exit without reading its input (EPIPE); its exit status tells what happened.
    child.stdin?.on('error', () => {});
    child.stdin?.end(options.input ?? '');
  });
}
