import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, cpSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '@platform/http/testing';
import { deployRoot } from './paths.js';
import { answers } from './answers.js';

/**
 * What the official nginx image does at start with templates/*.conf.template:
 * envsubst of the variables that are set, into NGINX_ENVSUBST_OUTPUT_DIR.
 */
export function renderTemplate(template: string, env: Record<string, string>): string {
  return template.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced, bare) => {
      const value = env[(braced ?? bare) as string];
      return value ?? whole;
    },
  );
}

export interface NginxOptions {
  /** Empty folder to use as nginx's prefix (its config, logs, temp files, pid). */
  prefix: string;
  /** Which templates to render (file names without .template); 00-http.conf is always rendered. */
  templates: readonly string[];
  env: Record<string, string>;
}

/** deploy/nginx laid out under `prefix` as in the image: nginx.conf, snippets/, platform.d/ rendered. */
export function layOutNginx(options: NginxOptions): string {
  const { prefix, templates, env } = options;
  const source = path.join(deployRoot, 'nginx');
  cpSync(path.join(source, 'nginx.conf'), path.join(prefix, 'nginx.conf'));
  cpSync(path.join(source, 'snippets'), path.join(prefix, 'snippets'), { recursive: true });
  const output = path.join(prefix, 'platform.d');
  mkdirSync(output, { recursive: true });
  for (const name of new Set(['00-http.conf', ...templates])) {
    const rendered = renderTemplate(
      readFileSync(path.join(source, 'templates', `${name}.template`), 'utf8'),
      env,
    );
    const unset = /\$\{([A-Z][A-Z0-9_]*)\}/.exec(rendered);
    if (unset) throw new Error(`${name}.template needs ${unset[1]}`);
    writeFileSync(path.join(output, name), rendered);
  }
  // Not part of the deployed config: temp files in the prefix, so no system folder is needed.
  const temp = path.join(prefix, 'temp');
  mkdirSync(temp, { recursive: true });
  writeFileSync(
    path.join(output, 'zz-test-temp-paths.conf'),
    ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
      .map((kind) => `${kind}_temp_path ${path.join(temp, kind)};`)
      .join('\n'),
  );
  return path.join(prefix, 'nginx.conf');
}

export interface RunningNginx {
  process: ChildProcess;
  /** Access log lines (JSON) so far. */
  accessLog: () => string[];
  errors: () => string;
  stop: () => Promise<void>;
}

/**
 * Debian's nginx in the foreground on the laid-out config; resolves when
 * `healthUrl` answers. Its stdout (the access log, `/dev/stdout` as in the
 * image) goes to a file: nginx cannot open /dev/stdout on a socket.
 */
export async function startNginx(prefix: string, healthUrl: string): Promise<RunningNginx> {
  const conf = path.join(prefix, 'nginx.conf');
  const stdoutFile = path.join(prefix, 'stdout.log');
  const stdout = openSync(stdoutFile, 'a');
  const args = [
    '-p',
    prefix,
    '-c',
    conf,
    '-e',
    'stderr',
    '-g',
    `daemon off; pid ${path.join(prefix, 'nginx.pid')};`,
  ];
  const child = spawn('nginx', args, { stdio: ['ignore', stdout, 'pipe'] });
  closeSync(stdout);
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGQUIT');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  };
  try {
    await waitFor('nginx', () => answers(healthUrl), {
      timeoutMs: 15_000,
      abort: () => (child.exitCode === null ? undefined : `nginx exited: ${errors}`),
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const accessLog = () => readFileSync(stdoutFile, 'utf8').split('\n').filter(Boolean);
  return { process: child, accessLog, errors: () => errors, stop };
}
