// Runs one program to its end for the image tooling: its output goes to the log line by line,
// and a failure carries the program's last lines.
import { spawn } from 'node:child_process';
import { ImageError } from './image-error.mjs';

/**
 * @typedef {object} RunOptions
 * @property {(line: string) => void} [log] receives every line the program prints
 * @property {string} [cwd]
 * @property {NodeJS.ProcessEnv} [env]
 */

/**
 * Resolves with the program's standard output when it exits 0; rejects with an
 * ImageError (COMMAND_FAILED, or TOOL_MISSING when it is not installed) otherwise.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {RunOptions} [options]
 * @returns {Promise<string>}
 */
export function runCommand(command, args, options = {}) {
  const { log = () => {}, cwd, env = process.env } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    /** @type {string[]} */
    const tail = [];
    /** @param {Buffer} chunk */
    const keep = (chunk) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        log(line);
        tail.push(line);
        if (tail.length > 30) tail.shift();
      }
    };
    child.stdout.on('data', (/** @type {Buffer} */ chunk) => {
      stdout += chunk.toString();
      keep(chunk);
    });
    child.stderr.on('data', keep);
    child.on('error', (error) => {
      const missing = /** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT';
      reject(
        missing
          ? new ImageError(
              'TOOL_MISSING',
              `${command} is not installed (scripts/ensure-services.sh installs it)`,
            )
          : new ImageError('COMMAND_FAILED', `${command} could not start: ${error.message}`, {
              cause: error,
            }),
      );
    });
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else
        reject(
          new ImageError(
            'COMMAND_FAILED',
            `${command} ${args.join(' ')} exited with ${code}\n${tail.join('\n')}`,
          ),
        );
    });
  });
}

/**
 * Whether the program runs and exits 0 (its output is dropped).
 * @param {string} command
 * @param {readonly string[]} args
 * @returns {Promise<boolean>}
 */
export function succeeds(command, args) {
  return runCommand(command, args).then(
    () => true,
    () => false,
  );
}
